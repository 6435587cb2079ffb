package org.offlinepacks.api.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.boundarydata.store.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds packs on a bounded pool of workers. A request for a boundary that already has a job
 * waiting joins that job (coalescing: ten edits in a row give one build, from the latest data);
 * a request while a build runs queues one more, since the running build may predate the change.
 * The input is read when the build starts, not when it is requested. Publishing is the
 * {@link PackBuilder}'s: a new pack becomes current only complete and verified.
 */
public final class RebuildJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RebuildJobs.class);
    private static final int KEEP_FINISHED = 1000;

    private final PackBuilder builder;
    private final Function<String, PackInput> inputs;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, Job> queuedByBoundary = new HashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    /** @param inputs the current input of a boundary's pack, read when its build starts */
    public RebuildJobs(PackBuilder builder, Function<String, PackInput> inputs, int workerCount, Clock clock) {
        this.builder = builder;
        this.inputs = inputs;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                workerCount, workerCount, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "pack-builder-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues a rebuild of the boundary, or joins the one already waiting for it. */
    public synchronized RebuildJob request(String boundaryId) {
        Job waiting = queuedByBoundary.get(boundaryId);
        if (waiting != null) {
            waiting.requests++;
            LOG.info("rebuild of {} joins queued job {} ({} requests)", boundaryId, waiting.id, waiting.requests);
            return waiting.snapshot();
        }
        Job job = new Job(UUID.randomUUID().toString(), boundaryId, clock.instant());
        queuedByBoundary.put(boundaryId, job);
        jobs.put(job.id, job);
        forgetOldJobs();
        workers.execute(() -> run(job));
        LOG.info("rebuild of {} queued as job {}", boundaryId, job.id);
        return job.snapshot();
    }

    public synchronized Optional<RebuildJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::snapshot);
    }

    /** Jobs waiting or running: for the health endpoint. */
    public synchronized long pending() {
        return jobs.values().stream().filter(job -> !job.snapshot().isDone()).count();
    }

    private void run(Job job) {
        synchronized (this) {
            queuedByBoundary.remove(job.boundaryId, job);
            job.state = JobState.RUNNING;
            job.startedAt = clock.instant();
        }
        try {
            PublishedPack pack = builder.build(inputs.apply(job.boundaryId), job.progress);
            synchronized (this) {
                job.packVersion = pack.packVersion();
                job.finishedAt = clock.instant();
                job.state = JobState.SUCCEEDED;
            }
        } catch (Exception e) {
            LOG.warn("rebuild job {} of {} failed; the previous pack stays current", job.id, job.boundaryId, e);
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String error = DiskSpace.fullDiskCause(builder.repository().dataDir(), e)
                    .map(fullDisk -> fullDisk + ": " + message)
                    .orElse(message);
            synchronized (this) {
                job.error = error;
                job.finishedAt = clock.instant();
                job.state = JobState.FAILED;
            }
        }
    }

    private void forgetOldJobs() {
        var iterator = jobs.values().iterator();
        while (jobs.size() > KEEP_FINISHED && iterator.hasNext()) {
            if (iterator.next().snapshot().isDone()) {
                iterator.remove();
            }
        }
    }

    /** Stops taking jobs and interrupts running builds (their staging folders are cleared later). */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("pack builds still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live state of a job; guarded by the enclosing {@link RebuildJobs}. */
    private final class Job {
        final String id;
        final String boundaryId;
        final Instant queuedAt;
        final RecordingProgress progress;
        JobState state = JobState.QUEUED;
        int requests = 1;
        Instant startedAt;
        Instant finishedAt;
        Long packVersion;
        String error;

        Job(String id, String boundaryId, Instant queuedAt) {
            this.id = id;
            this.boundaryId = boundaryId;
            this.queuedAt = queuedAt;
            this.progress = new RecordingProgress("rebuild job " + id + " (" + boundaryId + ")");
        }

        RebuildJob snapshot() {
            synchronized (RebuildJobs.this) {
                return new RebuildJob(
                        id,
                        boundaryId,
                        state,
                        requests,
                        queuedAt,
                        startedAt,
                        finishedAt,
                        packVersion,
                        error,
                        progress.steps(),
                        progress.warnings());
            }
        }
    }
}
