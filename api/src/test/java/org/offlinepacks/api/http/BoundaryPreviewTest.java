package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a planner sees before applying a geometry: the estimate, the report, the codes to confirm; nothing stored. */
class BoundaryPreviewTest {
    @TempDir
    static Path dataDir;

    static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return ApiJson.MAPPER.readTree(response.body());
    }

    private static String boundaryVersion() throws Exception {
        return json(service.send(
                        "GET", "/v1/boundaries/" + TestService.ENCAMP + "/overview", TestService.PLANNER, null))
                .get("boundaryVersion")
                .asText();
    }

    @Test
    void aPreviewCountsTheTilesPerZoomAndStoresNothing() throws Exception {
        String before = boundaryVersion();
        HttpResponse<String> preview = service.send(
                "POST",
                "/v1/boundaries/" + TestService.ENCAMP + "/preview",
                TestService.PLANNER,
                TestService.squareWithin(TestService.ENCAMP, 0.02));
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode answer = json(preview);
        assertTrue(answer.get("changed").asBoolean());
        JsonNode tiles = answer.get("tiles");
        long sum = 0;
        for (var zoom = tiles.get("byZoom").fields(); zoom.hasNext(); ) {
            sum += zoom.next().getValue().asLong();
        }
        assertEquals(tiles.get("total").asLong(), sum);
        assertTrue(tiles.get("byZoom").has("9") && tiles.get("byZoom").has("15"), tiles.toString());
        assertTrue(tiles.get("estimatedBytes").asLong() > 0);
        assertEquals(before, boundaryVersion(), "a preview stores nothing");
        JsonNode overview = json(
                service.send("GET", "/v1/boundaries/" + TestService.ENCAMP + "/overview", TestService.PLANNER, null));
        assertTrue(overview.get("lastJob").isNull(), "a preview queues no rebuild: " + overview.get("lastJob"));
    }

    @Test
    void aGeometryFarAwayNeedsConfirmingAndABrokenOneGetsTheReport() throws Exception {
        HttpResponse<String> far = service.send(
                "POST",
                "/v1/boundaries/" + TestService.ENCAMP + "/preview",
                TestService.PLANNER,
                TestService.square(2.35, 48.85, 0.02));
        assertEquals(200, far.statusCode(), far.body());
        JsonNode answer = json(far);
        assertTrue(answer.get("confirm").toString().contains("no-shared-area"), answer.toString());
        assertTrue(answer.get("issues").toString().contains("no-shared-area"));

        HttpResponse<String> broken =
                service.send("POST", "/v1/boundaries/" + TestService.ENCAMP + "/preview", TestService.PLANNER, "[]");
        assertEquals(422, broken.statusCode());
        assertEquals("not-a-boundary", json(broken).at("/issues/0/code").asText());
    }

    @Test
    void onlyPlannersOfTheBoundaryMayPreview() throws Exception {
        HttpResponse<String> fieldWorker = service.send(
                "POST",
                "/v1/boundaries/" + TestService.ENCAMP + "/preview",
                TestService.FIELD_WORKER,
                TestService.squareWithin(TestService.ENCAMP, 0.02));
        assertEquals(403, fieldWorker.statusCode());
        HttpResponse<String> otherArea = service.send(
                "POST",
                "/v1/boundaries/" + TestService.ORDINO + "/preview",
                TestService.PLANNER,
                TestService.squareWithin(TestService.ORDINO, 0.02));
        assertEquals(403, otherArea.statusCode());
        assertFalse(otherArea.body().isBlank());
    }
}
