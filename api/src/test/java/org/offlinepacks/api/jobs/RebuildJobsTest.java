package org.offlinepacks.api.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackPart;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.PartWriter;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseLostException;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;

/**
 * Rebuild jobs shared by several nodes through one database, on the embedded SQLite file and on
 * PostgreSQL alike. A "node" here is a {@link RebuildJobs} (and its workers and build leases) with a
 * connection pool of its own; they share the data folder the packs are published in.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class RebuildJobsTest {
    private static final Duration LEASE = Duration.ofMillis(600);
    private static final JobSettings SHORT_LEASES =
            new JobSettings(new LeaseTerms(LEASE, Duration.ofMillis(100)), Duration.ofMillis(50), 3);
    private static final String ENCAMP = PackFixtures.ENCAMP;

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    private SharedDatabase shared;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void storeTheSampleCampaign() {
        shared = new SharedDatabase(dialect, dataDir);
        SqlCampaignStore.open(shared.open()).save(PackFixtures.sampleCampaign());
    }

    @AfterEach
    void stopEverything() throws Exception {
        background.shutdownNow();
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        shared.close();
    }

    /** One node of the service: its own connection pool, job queue view, build leases and workers. */
    private final class Node {
        final String name;
        final Database database;
        final RebuildJobs jobs;
        final BoundaryLeases leases;

        Node(String name, JobSettings settings) {
            this.name = name;
            this.database = shared.open();
            this.jobs = RebuildJobs.open(database, settings);
            this.leases = BoundaryLeases.open(database, settings.lease(), name);
        }

        PackBuilder builder(PartWriter... more) {
            List<PartWriter> writers = new ArrayList<>(List.of(new BoundaryPartWriter()));
            writers.addAll(List.of(more));
            return new PackBuilder(
                    new PackRepository(dataDir),
                    leases,
                    writers,
                    new PackVerifier(PartCatalog.verifiers()),
                    Clock.systemUTC());
        }

        RebuildWorkers startWorkers(int count, PartWriter... more) {
            RebuildWorkers workers = RebuildWorkers.start(jobs, builder(more), PackFixtures::input, count, name);
            toClose.add(workers);
            return workers;
        }
    }

    private Node node(String name) {
        return new Node(name, SHORT_LEASES);
    }

    /** A part that waits for the test's go, and counts its work as a step the job reports. */
    static final class GatedPartWriter implements PartWriter {
        final CountDownLatch started = new CountDownLatch(1);
        final Semaphore go = new Semaphore(0);
        volatile boolean fail;

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
            progress.begin("gated", 3);
            progress.update("gated", 1);
            started.countDown();
            try {
                if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never said go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (fail) {
                throw new IOException("the tile server is down");
            }
            progress.update("gated", 2);
            Files.writeString(stagingDir.resolve("gated.txt"), "ok\n");
            progress.end("gated", 3);
            return List.of(new PackPart("gated", "gated.txt", "text/plain"));
        }
    }

    /** Counts the builds of each boundary, and how many of one boundary ever ran at once. */
    static final class CountingPartWriter implements PartWriter {
        final Map<String, AtomicInteger> builds = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> runningNow = new ConcurrentHashMap<>();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
            String boundaryId = input.boundary().id();
            builds.computeIfAbsent(boundaryId, id -> new AtomicInteger()).incrementAndGet();
            AtomicInteger now = runningNow.computeIfAbsent(boundaryId, id -> new AtomicInteger());
            mostAtOnce.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                now.decrementAndGet();
            }
            Files.writeString(stagingDir.resolve("counted.txt"), boundaryId + "\n");
            return List.of(new PackPart("counted", "counted.txt", "text/plain"));
        }
    }

    @Test
    void requestsFromSeveralNodesJoinTheOneJobWaitingForTheBoundary() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        List<Future<RebuildJob>> requests = new ArrayList<>();
        CountDownLatch together = new CountDownLatch(1);
        for (int i = 0; i < 40; i++) {
            Node node = i % 2 == 0 ? a : b;
            requests.add(background.submit(() -> {
                together.await();
                return node.jobs.request(ENCAMP);
            }));
        }
        together.countDown();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Future<RebuildJob> request : requests) {
            ids.add(request.get(30, TimeUnit.SECONDS).id());
        }

        assertEquals(1, ids.size(), "one job for the boundary: " + ids);
        RebuildJob job = b.jobs.find(ids.iterator().next()).orElseThrow();
        assertEquals(JobState.QUEUED, job.state());
        assertEquals(40, job.requests());
        assertEquals(1, a.jobs.pending());
    }

    @Test
    void aRequestWhileTheBuildRunsQueuesExactlyOneRerunThatWaitsForIt() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        GatedPartWriter gate = new GatedPartWriter();
        a.startWorkers(2, gate);
        b.startWorkers(1, gate);
        RebuildJob running = a.jobs.request(ENCAMP);
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));

        RebuildJob next = b.jobs.request(ENCAMP);
        RebuildJob joined = a.jobs.request(ENCAMP);
        b.jobs.request(ENCAMP);
        Thread.sleep(LEASE.toMillis()); // idle workers poll every 50 ms meanwhile

        assertNotEquals(running.id(), next.id(), "a running build may predate the change: one more is queued");
        assertEquals(next.id(), joined.id());
        assertEquals(3, a.jobs.find(next.id()).orElseThrow().requests());
        assertEquals(JobState.RUNNING, b.jobs.find(running.id()).orElseThrow().state());
        assertEquals(
                JobState.QUEUED,
                b.jobs.find(next.id()).orElseThrow().state(),
                "the rerun waits for the running build of its boundary, though workers are idle");

        gate.go.release(2);
        RebuildJob first = await(b.jobs, running.id());
        RebuildJob second = await(a.jobs, next.id());
        assertEquals(JobState.SUCCEEDED, first.state());
        assertEquals(1L, first.packVersion());
        assertEquals(2L, second.packVersion());
        assertTrue(first.progress().contains(new StepCounters("gated", 3, 3, true)), first.progress()::toString);
    }

    @Test
    void eachJobIsBuiltOnceWhileWorkersOfSeveralNodesCompete() throws Exception {
        CountingPartWriter counting = new CountingPartWriter();
        List<Node> nodes = List.of(node("node-a"), node("node-b"), node("node-c"));
        nodes.forEach(node -> node.startWorkers(2, counting));
        List<String> boundaries = boundaryIds();
        List<RebuildJob> queued = new ArrayList<>();
        for (int i = 0; i < boundaries.size(); i++) {
            queued.add(nodes.get(i % nodes.size()).jobs.request(boundaries.get(i)));
        }

        for (RebuildJob job : queued) {
            RebuildJob done = await(nodes.get(0).jobs, job.id());
            assertEquals(JobState.SUCCEEDED, done.state(), done::toString);
            assertEquals(1, done.attempts());
            assertEquals(1L, done.packVersion());
        }
        assertEquals(
                boundaries.stream().collect(Collectors.toMap(id -> id, id -> 1)),
                counting.builds.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()
                        .get())));
        assertEquals(1, counting.mostAtOnce.get(), "never two builds of one boundary at once");
    }

    @Test
    void concurrentClaimsTakeEachJobOnce() throws Exception {
        List<Node> nodes = List.of(node("node-a"), node("node-b"), node("node-c"));
        List<String> boundaries = boundaryIds();
        boundaries.forEach(nodes.get(0).jobs::request);
        CountDownLatch together = new CountDownLatch(1);
        List<Future<Optional<JobClaim>>> claims = new ArrayList<>();
        for (int i = 0; i < 4 * boundaries.size(); i++) {
            Node node = nodes.get(i % nodes.size());
            String worker = node.name + "/" + i;
            claims.add(background.submit(() -> {
                together.await();
                return node.jobs.claim(worker);
            }));
        }
        together.countDown();
        List<JobClaim> claimed = new ArrayList<>();
        for (Future<Optional<JobClaim>> claim : claims) {
            claim.get(30, TimeUnit.SECONDS).ifPresent(claimed::add);
        }

        assertEquals(boundaries.size(), claimed.size(), claimed::toString);
        assertEquals(
                Set.copyOf(boundaries),
                claimed.stream().map(JobClaim::boundaryId).collect(Collectors.toSet()));
        assertEquals(Optional.empty(), nodes.get(1).jobs.claim("late"));
    }

    @Test
    void aJobWhoseWorkerDiedIsFinishedByAnotherWorkerOnceItsLeaseExpired() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        RebuildJob job = a.jobs.request(ENCAMP);
        JobClaim killed = a.jobs.claim("killed-worker").orElseThrow(); // and never heard of again
        b.startWorkers(1);

        Thread.sleep(LEASE.toMillis() / 2);
        RebuildJob meanwhile = b.jobs.find(job.id()).orElseThrow();
        assertEquals(JobState.RUNNING, meanwhile.state());
        assertEquals("killed-worker", meanwhile.worker(), "the lease holds until it expires");

        RebuildJob done = await(b.jobs, job.id());
        assertEquals(JobState.SUCCEEDED, done.state(), done::toString);
        assertEquals(2, done.attempts());
        assertEquals("node-b", done.worker());
        assertEquals(1L, done.packVersion());
        assertFalse(a.jobs.succeed(killed, 7, List.of(), List.of()), "the first worker's claim is void");
        assertThrows(LeaseLostException.class, () -> a.jobs.confirm(killed));
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsAfterItsAttemptsWithTheReason() throws Exception {
        Node a = new Node("node-a", new JobSettings(SHORT_LEASES.lease(), SHORT_LEASES.poll(), 2));
        RebuildJob job = a.jobs.request(ENCAMP);
        assertEquals(1, a.jobs.claim("worker-1").orElseThrow().attempt());
        Thread.sleep(LEASE.toMillis() + 200);
        assertEquals(2, a.jobs.claim("worker-2").orElseThrow().attempt());
        Thread.sleep(LEASE.toMillis() + 200);

        assertEquals(Optional.empty(), a.jobs.claim("worker-3"));
        RebuildJob failed = a.jobs.find(job.id()).orElseThrow();
        assertEquals(JobState.FAILED, failed.state());
        assertTrue(
                failed.error().startsWith("the build was started 2 times and its worker stopped before finishing")
                        && failed.error().contains("the last one was worker-2")
                        && failed.error().contains("the previous pack stays current"),
                failed.error());
        assertEquals(0, a.jobs.pending());
        assertNotEquals(job.id(), a.jobs.request(ENCAMP).id(), "a new request queues a new job");
    }

    @Test
    void aBuildWhoseJobWasTakenOverIsNotPublished() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        RebuildJob job = a.jobs.request(ENCAMP);
        JobClaim stalled = a.jobs.claim("node-a").orElseThrow();
        GatedPartWriter gate = new GatedPartWriter();
        PackBuilder stalledBuilder = a.builder(gate);
        Future<PublishedPack> stalledBuild = background.submit(() ->
                stalledBuilder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE, () -> a.jobs.confirm(stalled)));
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));
        Thread.sleep(LEASE.toMillis() + 200); // no heartbeat from its worker: the job's lease expires

        JobClaim takeover = b.jobs.claim("node-b").orElseThrow();
        assertEquals(2, takeover.attempt());
        gate.go.release();

        ExecutionException refused =
                assertThrows(ExecutionException.class, () -> stalledBuild.get(30, TimeUnit.SECONDS));
        assertInstanceOf(LeaseLostException.class, refused.getCause());
        assertTrue(
                refused.getCause().getMessage().contains("node-b"),
                refused.getCause().getMessage());
        assertEquals(Optional.empty(), new PackRepository(dataDir).current(ENCAMP), "nothing was published");

        PublishedPack pack =
                b.builder().build(PackFixtures.input(ENCAMP), ProgressListener.NONE, () -> b.jobs.confirm(takeover));
        assertTrue(b.jobs.succeed(takeover, pack.packVersion(), List.of(), List.of()));
        assertEquals(1L, a.jobs.find(job.id()).orElseThrow().packVersion());
        assertEquals(List.of(1L), new PackRepository(dataDir).versions(ENCAMP));
    }

    @Test
    void theProgressOfABuildIsServedByEveryNode() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        GatedPartWriter gate = new GatedPartWriter();
        a.startWorkers(1, gate);
        RebuildJob job = b.jobs.request(ENCAMP);
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));

        RebuildJob seen =
                awaitState(b.jobs, job.id(), j -> j.progress().contains(new StepCounters("gated", 3, 1, false)));
        assertEquals(JobState.RUNNING, seen.state());
        assertEquals("node-a", seen.worker());
        assertEquals(PackFixtures.input(ENCAMP).boundary().version(), seen.boundaryVersion());
        assertTrue(seen.startedAt() != null && seen.finishedAt() == null, seen::toString);

        gate.go.release();
        RebuildJob done = await(b.jobs, job.id());
        assertTrue(done.progress().contains(new StepCounters("gated", 3, 3, true)), done.progress()::toString);
    }

    @Test
    void aWorkerThatStopsHandsItsBuildBackToTheNextAtOnce() throws Exception {
        JobSettings longLeases = new JobSettings(LeaseTerms.DEFAULTS, Duration.ofMillis(50), 3);
        Node a = new Node("node-a", longLeases);
        Node b = new Node("node-b", longLeases);
        GatedPartWriter gate = new GatedPartWriter();
        RebuildWorkers stopping = a.startWorkers(1, gate);
        RebuildJob job = a.jobs.request(ENCAMP);
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));

        stopping.close();
        b.startWorkers(1);
        RebuildJob done = await(b.jobs, job.id(), Duration.ofSeconds(10)); // well before the 30 s lease

        assertEquals(JobState.SUCCEEDED, done.state(), done::toString);
        assertEquals("node-b", done.worker());
        assertEquals(1, done.attempts(), "a start handed back does not count");
    }

    @Test
    void aFailedBuildIsReportedAndLeavesThePreviousPackCurrent() throws Exception {
        Node a = node("node-a");
        GatedPartWriter gate = new GatedPartWriter();
        a.startWorkers(1, gate);
        gate.go.release();
        assertEquals(
                JobState.SUCCEEDED, await(a.jobs, a.jobs.request(ENCAMP).id()).state());
        gate.fail = true;
        gate.go.release();
        RebuildJob failed = await(a.jobs, a.jobs.request(ENCAMP).id());
        assertEquals(JobState.FAILED, failed.state());
        assertTrue(failed.error().contains("the tile server is down"), failed.error());
        assertEquals(
                1L, new PackRepository(dataDir).current(ENCAMP).orElseThrow().packVersion());
    }

    @Test
    void nodesStartingTogetherQueueOneRebuildOfAPackOutOfStep() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        PublishedPack built = a.builder().build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        Boundary encamp = PackFixtures.input(ENCAMP).boundary();
        String edited = SqlCampaignStore.open(a.database)
                .updateGeometry(ENCAMP, encamp.geometry().buffer(0.001));

        CountDownLatch together = new CountDownLatch(1);
        List<Future<List<PackSync.Rebuild>>> starts = Stream.of(a, b)
                .map(node -> background.submit(() -> {
                    together.await();
                    return PackSync.rebuildOutOfStep(
                            new PackRepository(dataDir),
                            new CampaignCatalog(SqlCampaignStore.open(node.database)),
                            node.jobs);
                }))
                .toList();
        together.countDown();
        Set<String> jobIds = ConcurrentHashMap.newKeySet();
        for (Future<List<PackSync.Rebuild>> start : starts) {
            List<PackSync.Rebuild> rebuilds = start.get(30, TimeUnit.SECONDS);
            assertEquals(1, rebuilds.size(), rebuilds::toString);
            jobIds.add(rebuilds.get(0).job().id());
        }
        assertEquals(1, jobIds.size());
        String jobId = jobIds.iterator().next();

        JobClaim claim = a.jobs.claim("node-a").orElseThrow();
        assertEquals(edited, a.jobs.find(jobId).orElseThrow().boundaryVersion());
        assertEquals(
                jobId,
                b.jobs.requestCatchUp(ENCAMP, edited, built.packVersion()).id(),
                "a node starting while it builds the current version answers the running job");
        assertTrue(a.jobs.succeed(claim, built.packVersion() + 1, List.of(), List.of()));
        assertEquals(
                jobId,
                b.jobs.requestCatchUp(ENCAMP, edited, built.packVersion()).id(),
                "a node that saw the pack before the new one was published answers the job that published it");
        assertEquals(0, b.jobs.pending());
    }

    private static List<String> boundaryIds() {
        return PackFixtures.sampleCampaign().boundaries().stream()
                .map(Boundary::id)
                .toList();
    }

    private static RebuildJob await(RebuildJobs jobs, String id) throws InterruptedException {
        return await(jobs, id, Duration.ofSeconds(30));
    }

    private static RebuildJob await(RebuildJobs jobs, String id, Duration timeout) throws InterruptedException {
        return awaitState(jobs, id, RebuildJob::isDone, timeout);
    }

    private static RebuildJob awaitState(RebuildJobs jobs, String id, Predicate<RebuildJob> reached)
            throws InterruptedException {
        return awaitState(jobs, id, reached, Duration.ofSeconds(30));
    }

    private static RebuildJob awaitState(RebuildJobs jobs, String id, Predicate<RebuildJob> reached, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RebuildJob job = null;
        while (System.nanoTime() < deadline) {
            job = jobs.find(id).orElseThrow();
            if (reached.test(job)) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not get there in " + timeout + ": " + job);
    }
}
