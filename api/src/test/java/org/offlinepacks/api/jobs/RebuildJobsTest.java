package org.offlinepacks.api.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackPart;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.PartWriter;
import org.offlinepacks.boundarydata.progress.ProgressListener;

class RebuildJobsTest {
    @TempDir
    Path dataDir;

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

    @Test
    void requestsForABoundaryWaitingToBeBuiltJoinOneJob() throws Exception {
        GatedPartWriter gate = new GatedPartWriter();
        try (RebuildJobs jobs = jobs(gate)) {
            RebuildJob running = jobs.request(PackFixtures.ENCAMP);
            assertTrue(gate.started.await(10, TimeUnit.SECONDS));
            RebuildJob next = jobs.request(PackFixtures.ENCAMP);
            RebuildJob joined = jobs.request(PackFixtures.ENCAMP);
            jobs.request(PackFixtures.ENCAMP);
            assertNotEquals(running.id(), next.id(), "a running build may predate the change: one more is queued");
            assertEquals(next.id(), joined.id());
            assertEquals(3, jobs.find(next.id()).orElseThrow().requests());
            assertEquals(JobState.RUNNING, jobs.find(running.id()).orElseThrow().state());
            assertEquals(JobState.QUEUED, jobs.find(next.id()).orElseThrow().state());

            gate.go.release(2);
            RebuildJob first = await(jobs, running.id());
            RebuildJob second = await(jobs, next.id());
            assertEquals(JobState.SUCCEEDED, first.state());
            assertEquals(1L, first.packVersion());
            assertEquals(2L, second.packVersion());
            assertTrue(first.progress().contains(new StepCounters("gated", 3, 3, true)), first.progress()::toString);
        }
    }

    @Test
    void aFailedBuildIsReportedAndLeavesThePreviousPackCurrent() throws Exception {
        GatedPartWriter gate = new GatedPartWriter();
        try (RebuildJobs jobs = jobs(gate)) {
            gate.go.release();
            assertEquals(
                    JobState.SUCCEEDED,
                    await(jobs, jobs.request(PackFixtures.ENCAMP).id()).state());
            gate.fail = true;
            gate.go.release();
            RebuildJob failed = await(jobs, jobs.request(PackFixtures.ENCAMP).id());
            assertEquals(JobState.FAILED, failed.state());
            assertTrue(failed.error().contains("the tile server is down"), failed.error());
            assertEquals(
                    1L,
                    new PackRepository(dataDir)
                            .current(PackFixtures.ENCAMP)
                            .orElseThrow()
                            .packVersion());
        }
    }

    private RebuildJobs jobs(PartWriter writer) {
        PackBuilder builder = new PackBuilder(
                new PackRepository(dataDir),
                List.of(new BoundaryPartWriter(), writer),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
        return new RebuildJobs(builder, PackFixtures::input, 1, Clock.systemUTC());
    }

    private static RebuildJob await(RebuildJobs jobs, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            RebuildJob job = jobs.find(id).orElseThrow();
            if (job.isDone()) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish");
    }
}
