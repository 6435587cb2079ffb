package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.api.lease.NodeName;
import org.offlinepacks.boundarydata.users.Role;

/**
 * An API node and a worker node on one data folder, as {@code serve --role api} and {@code serve
 * --role worker} run them: the API node queues, only the worker builds, and the API node serves the
 * job's progress and outcome.
 */
class NodeRolesTest {
    private static final String PLANNER = "token-planner";
    private static final String ENCAMP = TestService.ENCAMP;

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void anApiNodeQueuesRebuildsThatAWorkerNodeBuildsAndTheApiNodeReports() throws Exception {
        SampleStore.seed(dataDir, List.of(SampleStore.account("planner", Role.PLANNER, Set.of(ENCAMP), PLANNER)));
        ServerConfig config = ServerConfig.defaults(dataDir)
                .withPort(0)
                .withJobs(new JobSettings(
                        new LeaseTerms(Duration.ofSeconds(2), Duration.ofMillis(200)), Duration.ofMillis(100), 3));
        try (TestLeases leases = TestLeases.inDataFolder(dataDir);
                ApiApplication api = ApiApplication.start(
                        config.withRole(NodeRole.API), TestService.smallBuilder(dataDir, leases), List.of())) {
            Phone planner = new Phone(api.baseUri().toString(), PLANNER);
            HttpResponse<String> put =
                    planner.send("PUT", "/v1/boundaries/" + ENCAMP, TestService.squareWithin(ENCAMP, 0.03));
            assertEquals(202, put.statusCode(), put.body());
            String jobPath =
                    "/v1/jobs/" + ((Map<String, Object>) json(put.body()).get("job")).get("id");

            Thread.sleep(1000);
            assertEquals("QUEUED", job(planner, jobPath).get("state"), "an API node builds nothing");

            PackBuilder workerBuilder = TestService.smallBuilder(dataDir, leases);
            try (ApiApplication worker =
                    ApiApplication.start(config.withRole(NodeRole.WORKER), workerBuilder, List.of())) {
                Phone probe = new Phone(worker.baseUri().toString(), PLANNER);
                HttpResponse<byte[]> health = probe.get("/v1/health");
                assertEquals(200, health.statusCode());
                Map<String, Object> checks =
                        (Map<String, Object>) json(new String(health.body())).get("checks");
                assertEquals("worker", checks.get("role"));
                assertEquals(
                        404,
                        probe.get("/v1/packs/" + ENCAMP + "/manifest").statusCode(),
                        "a worker serves health only");

                Map<String, Object> done = awaitDone(planner, jobPath);
                assertEquals("SUCCEEDED", done.get("state"), done.toString());
                assertEquals(NodeName.local(), done.get("worker"));
                assertEquals(1, done.get("attempts"));
                assertEquals(
                        1,
                        ((Number) done.get("packVersion")).intValue(),
                        "the first pack of the boundary, published by the worker");
                assertTrue(((List<Object>) done.get("progress")).size() >= 1, done.toString());
                assertEquals(
                        200, planner.get("/v1/packs/" + ENCAMP + "/manifest").statusCode());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEditOnOneApiNodeIsSeenByAnotherThatHadLoadedTheCampaignBefore() throws Exception {
        SampleStore.seed(dataDir, List.of(SampleStore.account("planner", Role.PLANNER, Set.of(ENCAMP), PLANNER)));
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0).withRole(NodeRole.API);
        String original = TestService.squareWithin(ENCAMP, 0.03);
        try (TestLeases leases = TestLeases.inDataFolder(dataDir);
                ApiApplication nodeA =
                        ApiApplication.start(config, TestService.smallBuilder(dataDir, leases), List.of());
                ApiApplication nodeB =
                        ApiApplication.start(config, TestService.smallBuilder(dataDir, leases), List.of())) {
            Phone onA = new Phone(nodeA.baseUri().toString(), PLANNER);
            Phone onB = new Phone(nodeB.baseUri().toString(), PLANNER);
            assertEquals(
                    202, onB.send("PUT", "/v1/boundaries/" + ENCAMP, original).statusCode());
            assertEquals(200, onB.get("/v1/forms?since=2020-01-01T00:00:00Z").statusCode()); // B loads the campaign
            assertEquals(
                    202,
                    onA.send("PUT", "/v1/boundaries/" + ENCAMP, TestService.squareWithin(ENCAMP, 0.02))
                            .statusCode());

            HttpResponse<String> back = onB.send("PUT", "/v1/boundaries/" + ENCAMP, original);

            assertEquals(202, back.statusCode(), "node B must compare with the store, not its copy: " + back.body());
            Map<String, Object> update = json(back.body());
            assertEquals(true, update.get("changed"));
            assertTrue(update.get("job") != null, back.body());
        }
    }

    private static Map<String, Object> awaitDone(Phone phone, String jobPath) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Object> job = Map.of();
        while (System.nanoTime() < deadline) {
            job = job(phone, jobPath);
            if ("SUCCEEDED".equals(job.get("state")) || "FAILED".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobPath + " did not finish: " + job);
    }

    private static Map<String, Object> job(Phone phone, String jobPath) throws Exception {
        HttpResponse<String> response = phone.send("GET", jobPath, null);
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws Exception {
        return ApiJson.MAPPER.readValue(body, Map.class);
    }
}
