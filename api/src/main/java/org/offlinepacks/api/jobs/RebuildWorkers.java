package org.offlinepacks.api.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.lease.LeaseLostException;
import org.offlinepacks.boundarydata.store.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build workers of one node: each claims a job from {@link RebuildJobs}, reads the boundary's
 * input as it is now, builds and publishes its pack with {@link PackBuilder}, and records the
 * outcome; then claims the next. While a build runs, its lease is renewed and its progress written
 * to the job every heartbeat. A build whose job another worker took over (this one stopped
 * renewing long enough for the lease to expire) is refused at publishing by its fence.
 */
public final class RebuildWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RebuildWorkers.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final RebuildJobs jobs;
    private final PackBuilder builder;
    private final Function<String, PackInput> inputs;
    private final String worker;
    private final ExecutorService threads;
    private final ScheduledExecutorService heartbeats;
    private final Map<String, Build> running = new ConcurrentHashMap<>();
    private volatile BuildMetrics metrics = BuildMetrics.NONE;
    private volatile boolean closing;
    private long signals; // guarded by this: requests queued on this node since start

    /** One build in progress on this node. */
    private static final class Build {
        final JobClaim claim;
        final RecordingProgress progress;
        /** Set when a heartbeat finds the job taken over by another worker. */
        final AtomicBoolean lost = new AtomicBoolean();
        /** Set before its outcome is recorded: a heartbeat that then finds the job no longer RUNNING is late. */
        final AtomicBoolean finishing = new AtomicBoolean();

        final long startNanos = System.nanoTime();

        Build(JobClaim claim, BuildMetrics metrics) {
            this.claim = claim;
            this.progress =
                    new RecordingProgress("rebuild job " + claim.jobId() + " (" + claim.boundaryId() + ")", metrics);
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    private RebuildWorkers(
            RebuildJobs jobs, PackBuilder builder, Function<String, PackInput> inputs, int count, String worker) {
        this.jobs = jobs;
        this.builder = builder;
        this.inputs = inputs;
        this.worker = worker;
        int pool = POOLS.incrementAndGet();
        AtomicInteger numbers = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(count, task -> {
            Thread thread = new Thread(task, "pack-builder-" + pool + "-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "job-heartbeat-" + pool);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts {@code count} workers on this node.
     *
     * @param inputs a boundary's input as the store has it now, read when its build starts
     * @param worker names this node in the jobs it builds (see {@link org.offlinepacks.api.lease.NodeName})
     */
    public static RebuildWorkers start(
            RebuildJobs jobs, PackBuilder builder, Function<String, PackInput> inputs, int count, String worker) {
        RebuildWorkers workers = new RebuildWorkers(jobs, builder, inputs, count, worker);
        long every = jobs.settings().lease().heartbeat().toMillis();
        workers.heartbeats.scheduleWithFixedDelay(workers::heartbeat, every, every, TimeUnit.MILLISECONDS);
        for (int i = 0; i < count; i++) {
            workers.threads.execute(workers::work);
        }
        jobs.onQueued(workers::wake);
        LOG.info("{} build worker(s) of {} started", count, worker);
        return workers;
    }

    /** Where the builds started from now on report their steps and outcomes. */
    public void reportTo(BuildMetrics newMetrics) {
        this.metrics = newMetrics;
    }

    /** Builds running on this node now. */
    public int running() {
        return running.size();
    }

    /** Looks for work at once: a job was queued on this node. */
    public synchronized void wake() {
        signals++;
        notifyAll();
    }

    private void work() {
        long lastPrune = 0;
        while (!closing && !Thread.currentThread().isInterrupted()) {
            long seen;
            synchronized (this) {
                seen = signals;
            }
            Optional<JobClaim> claim;
            try {
                claim = jobs.claim(worker);
                if (System.nanoTime() - lastPrune > PRUNE_EVERY.toNanos() || lastPrune == 0) {
                    lastPrune = System.nanoTime();
                    jobs.pruneFinished();
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot look for rebuild jobs; trying again in {} ms", pollMillis(), e);
                claim = Optional.empty();
            }
            if (claim.isPresent()) {
                build(claim.get());
                continue;
            }
            try {
                synchronized (this) {
                    if (signals == seen && !closing) {
                        wait(pollMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void build(JobClaim claim) {
        Build build = new Build(claim, metrics);
        running.put(claim.jobId(), build);
        try {
            PublishedPack pack;
            try {
                PackInput input = inputs.apply(claim.boundaryId());
                jobs.building(claim, input.boundary().version());
                pack = builder.build(input, build.progress, () -> {
                    if (build.lost.get()) {
                        throw new LeaseLostException("job " + claim.jobId() + " was taken over by another worker;"
                                + " this build is not published");
                    }
                    jobs.confirm(claim);
                });
            } catch (Exception e) {
                build.finishing.set(true);
                finishFailed(build, e);
                return;
            }
            build.finishing.set(true);
            build.progress.buildEnded("succeeded", build.elapsed());
            if (!jobs.succeed(claim, pack.packVersion(), build.progress.steps(), build.progress.warnings())) {
                LOG.warn(
                        "job {} published version {} but was no longer this worker's",
                        claim.jobId(),
                        pack.packVersion());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot record the outcome of job {}; once its lease expires another worker takes it over",
                    claim.jobId(),
                    e);
        } finally {
            running.remove(claim.jobId());
        }
    }

    private void finishFailed(Build build, Exception e) {
        JobClaim claim = build.claim;
        build.progress.buildEnded(
                closing ? "handed-back" : e instanceof LeaseLostException || build.lost.get() ? "lost" : "failed",
                build.elapsed());
        if (closing) {
            LOG.info("job {} of {} handed back: this worker is stopping", claim.jobId(), claim.boundaryId());
            boolean interrupted = Thread.interrupted(); // the stop interrupted this thread; the release must still go
            try {
                jobs.release(claim);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        if (e instanceof LeaseLostException || build.lost.get()) {
            LOG.warn("job {} of {}: {}", claim.jobId(), claim.boundaryId(), e.getMessage());
            return;
        }
        LOG.warn("rebuild job {} of {} failed; the previous pack stays current", claim.jobId(), claim.boundaryId(), e);
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String error = DiskSpace.fullDiskCause(builder.repository().dataDir(), e)
                .map(fullDisk -> fullDisk + ": " + message)
                .orElse(message);
        if (!jobs.fail(claim, error, build.progress.steps(), build.progress.warnings())) {
            LOG.warn("job {} failed but was no longer this worker's", claim.jobId());
        }
    }

    private void heartbeat() {
        for (Build build : running.values()) {
            if (build.lost.get() || build.finishing.get()) {
                continue;
            }
            try {
                if (!jobs.heartbeat(build.claim, build.progress.steps(), build.progress.warnings())
                        && !build.finishing.get()) {
                    build.lost.set(true);
                    LOG.warn(
                            "job {} of {} was taken over by another worker after this one's lease expired;"
                                    + " its build here will not publish",
                            build.claim.jobId(),
                            build.claim.boundaryId());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot renew the lease of job {}; trying again", build.claim.jobId(), e);
            }
        }
    }

    private long pollMillis() {
        return jobs.settings().poll().toMillis();
    }

    /**
     * Stops claiming, interrupts the builds in progress (their staging folders are cleared by the
     * next build) and hands their jobs back, so another worker starts them at once.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            notifyAll();
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("pack builds still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        for (Build build : running.values()) {
            jobs.release(build.claim);
        }
    }
}
