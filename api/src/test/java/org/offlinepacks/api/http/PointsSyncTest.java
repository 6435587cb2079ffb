package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.FormsPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.RoutingPartWriter;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.bundle.TilesPartWriter;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.users.Role;

/** Moved assigned points reach a device as new routing parts only: its map is not downloaded again. */
class PointsSyncTest {
    private static final String SANT_JULIA = "osm-relation-2804759";
    private static final String WORKER = "token-fw-sant-julia";
    private static final String PLANNER = "token-planner-sant-julia";

    @TempDir
    Path dataDir;

    @Test
    void movedPointsBringOnlyTheRoutingPartsThatChanged() throws Exception {
        SampleStore.seed(
                dataDir,
                List.of(
                        SampleStore.account("fw", Role.FIELD_WORKER, Set.of(SANT_JULIA), WORKER),
                        SampleStore.account("planner", Role.PLANNER, Set.of(SANT_JULIA), PLANNER)));
        BuildOptions options = new BuildOptions(dataDir, null);
        try (TestLeases leases = TestLeases.inDataFolder(dataDir)) {
            movedPointsBringOnlyRoutingParts(options, leases);
        }
    }

    private void movedPointsBringOnlyRoutingParts(BuildOptions options, TestLeases leases) throws Exception {
        PackBuilder builder = new PackBuilder(
                new PackRepository(dataDir),
                leases.leases(),
                List.of(
                        new BoundaryPartWriter(),
                        new FormsPartWriter(),
                        new TilesPartWriter(options),
                        new RoutingPartWriter(options)),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
        builder.build(PackFixtures.input(SANT_JULIA), ProgressListener.NONE);
        try (ApiApplication application =
                ApiApplication.start(ServerConfig.defaults(dataDir).withPort(0), builder, List.of())) {
            Phone planner = new Phone(application.baseUri().toString(), PLANNER);
            DeviceSimulator device =
                    new DeviceSimulator(new Phone(application.baseUri().toString(), WORKER));
            DeviceSimulator.Sync first = device.sync();
            assertTrue(first.downloadedParts().contains(SANT_JULIA + ":tiles.mbtiles"), first.toString());

            HttpResponse<String> change = planner.send(
                    "PUT",
                    "/v1/boundaries/" + SANT_JULIA + "/points",
                    movedPoints().toString());
            assertEquals(202, change.statusCode(), change.body());
            JsonNode job = ApiJson.MAPPER.readTree(change.body()).at("/rebuilds/0");
            awaitJob(planner, job.get("id").asText());

            DeviceSimulator.Sync after = device.sync();
            assertTrue(after.downloadedParts().contains(SANT_JULIA + ":routes.json"), after.toString());
            Set<String> routingParts =
                    Set.of(SANT_JULIA + ":routes.json", SANT_JULIA + ":routing.json", SANT_JULIA + ":routing.ghz");
            assertTrue(routingParts.containsAll(after.downloadedParts()), "only routing parts: " + after);
        }
    }

    /** The boundary's points as a planner sends them back, with one household moved about 100 m. */
    private static JsonNode movedPoints() throws Exception {
        JsonNode all =
                ApiJson.MAPPER.readTree(Files.readString(PackFixtures.SAMPLE_CAMPAIGN.resolve("points.geojson")));
        ObjectNode collection = ApiJson.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode features = collection.putArray("features");
        boolean moved = false;
        for (JsonNode feature : all.get("features")) {
            if (!SANT_JULIA.equals(feature.at("/properties/boundary").asText())) {
                continue;
            }
            ObjectNode copy = feature.deepCopy();
            if (!moved && !"facility".equals(feature.at("/properties/kind").asText())) {
                ArrayNode coordinates = (ArrayNode) copy.at("/geometry/coordinates");
                coordinates.set(0, coordinates.get(0).asDouble() + 0.001);
                moved = true;
            }
            features.add(copy);
        }
        assertTrue(moved);
        return collection;
    }

    private static void awaitJob(Phone phone, String jobId) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode job =
                    ApiJson.MAPPER.readTree(phone.get("/v1/jobs/" + jobId).body());
            if ("SUCCEEDED".equals(job.get("state").asText())) {
                return;
            }
            if ("FAILED".equals(job.get("state").asText())) {
                throw new AssertionError("the rebuild failed: " + job);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rebuild did not finish in 60 s");
    }
}
