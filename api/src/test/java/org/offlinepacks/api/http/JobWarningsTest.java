package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.bundle.TilesPartWriter;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.cover.TileId;

/** A rebuild whose tile server lacks the top zoom: the job succeeds and says so, with counts per zoom. */
class JobWarningsTest {
    private static final String PLANNER = "token-planner";

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void aPackLackingZoomsIsPublishedWithAWarningAndItsCountsPerZoomInTheJob() throws Exception {
        Map<TileId, byte[]> upToZ14 = new ConcurrentHashMap<>();
        TestTileServer.tilesOf(TestData.rasterMbtiles()).forEach((tile, data) -> {
            if (tile.z() <= 14) {
                upToZ14.put(tile, data);
            }
        });
        SampleStore.seed(
                dataDir,
                List.of(SampleStore.account("planner", Role.PLANNER, Set.of(TestService.ANDORRA_LA_VELLA), PLANNER)));
        HttpClient client = ContractClient.create();
        try (TestTileServer tileServer = new TestTileServer(upToZ14);
                TestLeases leases = TestLeases.inDataFolder(dataDir);
                ApiApplication app = ApiApplication.start(
                        ServerConfig.defaults(dataDir).withPort(0),
                        new PackBuilder(
                                new PackRepository(dataDir),
                                leases.leases(),
                                List.of(
                                        new BoundaryPartWriter(),
                                        new TilesPartWriter(new BuildOptions(dataDir, tileServer.urlTemplate()))),
                                new PackVerifier(PartCatalog.verifiers()),
                                Clock.systemUTC()),
                        List.of())) {
            HttpResponse<String> put = client.send(
                    HttpRequest.newBuilder(app.baseUri().resolve("/v1/boundaries/" + TestService.ANDORRA_LA_VELLA))
                            .header("Authorization", "Bearer " + PLANNER)
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    TestService.squareWithin(TestService.ANDORRA_LA_VELLA, 0.03)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, put.statusCode(), put.body());
            Map<String, Object> update = ApiJson.MAPPER.readValue(put.body(), Map.class);
            URI jobUri = app.baseUri().resolve("/v1/jobs/" + ((Map<String, Object>) update.get("job")).get("id"));

            Map<String, Object> job = awaitJob(client, jobUri);

            assertEquals("SUCCEEDED", job.get("state"), job.toString());
            List<String> warnings = (List<String>) job.get("warnings");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(
                    warnings.get(0).startsWith("tiles: tiles.mbtiles lacks zoom 15 of the z9-15 asked for"),
                    warnings.get(0));
            assertTrue(warnings.get(0).matches(".*z9 \\d+/\\d+, .*z14 \\d+/\\d+, z15 0/\\d+.*"), warnings.get(0));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitJob(HttpClient client, URI jobUri) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(jobUri)
                            .header("Authorization", "Bearer " + PLANNER)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> job = ApiJson.MAPPER.readValue(response.body(), Map.class);
            if ("SUCCEEDED".equals(job.get("state")) || "FAILED".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobUri + " did not finish in 60 s");
    }
}
