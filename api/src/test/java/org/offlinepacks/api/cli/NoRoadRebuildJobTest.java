package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ContractClient;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.store.Databases;

/**
 * A rebuild job of `serve` for a boundary with no road: the job succeeds, its warnings say why the
 * pack has no routing, and the published manifest has no routing part and the same warning.
 */
class NoRoadRebuildJobTest {
    private static final String NO_ROAD = "village-without-roads";

    @TempDir
    Path dir;

    @Test
    void aRebuildJobOfABoundaryWithoutARoadPublishesAPackWithoutRoutingAndSaysSo() throws Exception {
        Path campaignDir = SampleCampaign.copyTo(dir.resolve("campaign"));
        ObjectNode boundaries = (ObjectNode) JsonFiles.mapper()
                .readTree(campaignDir.resolve("boundaries.geojson").toFile());
        ((ArrayNode) boundaries.path("features"))
                .add(JsonFiles.mapper()
                        .readTree("{\"type\":\"Feature\",\"properties\":{\"id\":\"" + NO_ROAD
                                + "\",\"name\":\"A village without roads\"},\"geometry\":{\"type\":\"Polygon\","
                                + "\"coordinates\":[[[1.300,42.500],[1.306,42.500],[1.306,42.504],[1.300,42.504],"
                                + "[1.300,42.500]]]}}"));
        JsonFiles.mapper().writeValue(campaignDir.resolve("boundaries.geojson").toFile(), boundaries);
        ObjectNode settings = (ObjectNode)
                JsonFiles.mapper().readTree(campaignDir.resolve("campaign.json").toFile());
        ((ObjectNode) settings.path("packDefaults").path("tiles")).put("maxZoom", 12);
        JsonFiles.mapper().writeValue(campaignDir.resolve("campaign.json").toFile(), settings);
        // what `serve --campaign DIR --data DATA --demo` does before serving
        Path data = dir.resolve("data");
        PrintWriter messages = new PrintWriter(new StringWriter());
        try (Databases databases = Databases.embedded(data)) {
            Campaign campaign = CampaignLoader.load(campaignDir, databases, messages);
            UsersLoader.load(campaign, databases, messages);
        }
        ServerConfig config = ServerConfigLoader.load(
                new ServerConfigLoader.Options(data, null, 0, null, null, null), null, Map.of(), true);

        try (ApiApplication service = ApiApplication.start(config, ServeCommand.extraRoutes(config))) {
            JsonNode job = send(service, "POST", "/v1/boundaries/" + NO_ROAD + "/rebuild");
            String jobId = job.get("id").asText();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!job.get("state").asText().matches("SUCCEEDED|FAILED") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                job = send(service, "GET", "/v1/jobs/" + jobId);
            }

            assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
            String warning = "routing: boundary " + NO_ROAD + " has no road within 3000 m";
            List<String> warnings = new ArrayList<>();
            job.path("warnings").forEach(w -> warnings.add(w.asText()));
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith(warning)), job.toString());
            PackManifest manifest = PartJson.MAPPER.treeToValue(
                    send(service, "GET", "/v1/packs/" + NO_ROAD + "/manifest"), PackManifest.class);
            assertFalse(manifest.part("routing.ghz").isPresent(), "no routing part");
            assertTrue(manifest.part("tiles.mbtiles").isPresent(), "the map is there");
            assertTrue(
                    manifest.warnings().stream().anyMatch(w -> w.startsWith(warning)),
                    manifest.warnings().toString());
        }
    }

    private static JsonNode send(ApiApplication service, String method, String path) throws Exception {
        HttpResponse<String> response = ContractClient.create()
                .send(
                        HttpRequest.newBuilder(URI.create(service.baseUri() + path))
                                .header("Authorization", "Bearer " + CliAndServiceBuildsTest.ADMIN_TOKEN)
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return ApiJson.MAPPER.readTree(response.body());
    }
}
