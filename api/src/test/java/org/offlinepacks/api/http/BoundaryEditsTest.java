package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;

/** A planner's PUT of a boundary: bodies that are not a boundary, and changes that look like mistakes. */
@SuppressWarnings("unchecked")
class BoundaryEditsTest {
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

    @Test
    void nullAnArrayOrAPointIs422NamingWhatABoundaryIs() throws Exception {
        PackManifest before = service.manifest(TestService.ENCAMP);
        for (String body : List.of("null", "[]", "{\"type\":\"Point\",\"coordinates\":[1.5,42.5]}")) {
            HttpResponse<String> response =
                    service.send("PUT", "/v1/boundaries/" + TestService.ENCAMP, TestService.PLANNER, body);

            assertEquals(422, response.statusCode(), body + ": " + response.body());
            Map<String, Object> error = AccessControlTest.error(response);
            assertEquals("invalid-input", error.get("error"));
            Map<String, Object> issue = ((List<Map<String, Object>>) error.get("issues")).get(0);
            assertEquals("not-a-boundary", issue.get("code"), response.body());
            String message = (String) issue.get("message");
            assertTrue(message.contains("Feature or a Polygon or MultiPolygon"), message);
            assertFalse(message.contains("FeatureCollection"), message);
        }
        assertEquals(before.packVersion(), service.manifest(TestService.ENCAMP).packVersion());
    }

    @Test
    void swappedCoordinatesStillInRangeAreRefusedWithAHintUntilConfirmed() throws Exception {
        String boundary = TestService.ANDORRA_LA_VELLA;
        PackManifest before = service.manifest(boundary);
        String swapped = geoJson(swapLonLat(sampleGeometry(boundary)));

        HttpResponse<String> refused = service.send("PUT", "/v1/boundaries/" + boundary, TestService.PLANNER, swapped);

        assertEquals(422, refused.statusCode(), refused.body());
        Map<String, Object> error = AccessControlTest.error(refused);
        assertEquals("confirmation-required", error.get("error"));
        assertTrue(
                ((String) error.get("message")).contains("?confirm=no-shared-area,no-points-inside,no-tiles"),
                refused.body());
        Map<String, String> severityByCode = severityByCode(error);
        assertEquals("ERROR", severityByCode.get("no-shared-area"), refused.body());
        assertEquals("ERROR", severityByCode.get("no-tiles"), refused.body());
        assertEquals("ERROR", severityByCode.get("no-points-inside"), refused.body());
        assertEquals("WARNING", severityByCode.get("lon-lat-swapped"), refused.body());
        PackManifest unchanged = service.manifest(boundary);
        assertEquals(before.packVersion(), unchanged.packVersion(), "nothing was rebuilt");
        assertEquals(before.boundaryVersion(), unchanged.boundaryVersion(), "nothing was stored");

        HttpResponse<String> confirmed = service.send(
                "PUT",
                "/v1/boundaries/" + boundary + "?confirm=no-shared-area,no-tiles&confirm=no-points-inside",
                TestService.PLANNER,
                swapped);

        assertEquals(202, confirmed.statusCode(), confirmed.body());
        Map<String, Object> update = AccessControlTest.error(confirmed);
        Set<String> warnings = ((List<Map<String, Object>>) update.get("warnings"))
                .stream().map(w -> (String) w.get("code")).collect(Collectors.toSet());
        assertTrue(
                warnings.containsAll(Set.of("no-shared-area", "no-tiles", "no-points-inside", "lon-lat-swapped")),
                confirmed.body());
        Map<String, Object> job =
                service.awaitJob((String) ((Map<String, Object>) update.get("job")).get("id"), TestService.PLANNER);
        assertEquals("SUCCEEDED", job.get("state"), job.toString());
    }

    @Test
    void aGeometryMovedElsewhereNeedsConfirmationAndAnOverlappingOneDoesNot() throws Exception {
        String boundary = TestService.ORDINO;
        String elsewhere = TestService.square(0.01); // in Encamp, inside the tile archive

        HttpResponse<String> refused = service.send("PUT", "/v1/boundaries/" + boundary, TestService.ADMIN, elsewhere);

        assertEquals(422, refused.statusCode(), refused.body());
        Map<String, String> severityByCode = severityByCode(AccessControlTest.error(refused));
        assertEquals("ERROR", severityByCode.get("no-shared-area"), refused.body());
        assertFalse(severityByCode.containsKey("no-tiles"), "the archive has tiles there: " + refused.body());
        assertFalse(severityByCode.containsKey("lon-lat-swapped"), refused.body());

        HttpResponse<String> typo =
                service.send("PUT", "/v1/boundaries/" + boundary + "?confirm=no-overlap", TestService.ADMIN, elsewhere);
        assertEquals(400, typo.statusCode(), typo.body());
        assertTrue(typo.body().contains("no-shared-area"), "names the codes there are: " + typo.body());

        String grown = geoJson(sampleGeometry(boundary).buffer(0.002));
        HttpResponse<String> accepted = service.send("PUT", "/v1/boundaries/" + boundary, TestService.ADMIN, grown);
        assertEquals(202, accepted.statusCode(), accepted.body());
        Map<String, Object> update = AccessControlTest.error(accepted);
        assertEquals(
                "SUCCEEDED",
                service.awaitJob((String) ((Map<String, Object>) update.get("job")).get("id"), TestService.ADMIN)
                        .get("state"));
    }

    @Test
    void aDetailedBoundaryOfSeveralHundredKilobytesIsAccepted() throws Exception {
        // the same outline with a vertex every 3 m: far over the 256 KiB of a JSON body, far under 16 MiB
        String detailed = geoJson(Densifier.densify(sampleGeometry(TestService.ENCAMP), 0.00003));
        assertTrue(detailed.length() > 300 * 1024, detailed.length() + " bytes");

        HttpResponse<String> preview = service.send(
                "POST", "/v1/boundaries/" + TestService.ENCAMP + "/preview", TestService.PLANNER, detailed);
        assertEquals(200, preview.statusCode(), preview.body());
        HttpResponse<String> accepted =
                service.send("PUT", "/v1/boundaries/" + TestService.ENCAMP, TestService.PLANNER, detailed);

        assertEquals(202, accepted.statusCode(), accepted.body());
        Map<String, Object> update = AccessControlTest.error(accepted);
        assertEquals(
                "SUCCEEDED",
                service.awaitJob((String) ((Map<String, Object>) update.get("job")).get("id"), TestService.PLANNER)
                        .get("state"));
    }

    private static Map<String, String> severityByCode(Map<String, Object> error) {
        return ((List<Map<String, Object>>) error.get("issues"))
                .stream().collect(Collectors.toMap(i -> (String) i.get("code"), i -> (String) i.get("severity")));
    }

    static Geometry sampleGeometry(String boundaryId) {
        return PackFixtures.sampleCampaign().boundary(boundaryId).orElseThrow().geometry();
    }

    static Geometry swapLonLat(Geometry geometry) {
        Geometry swapped = geometry.copy();
        swapped.apply((CoordinateFilter) c -> {
            double lon = c.x;
            c.x = c.y;
            c.y = lon;
        });
        swapped.geometryChanged();
        return swapped;
    }

    static String geoJson(Geometry geometry) {
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        return writer.write(geometry);
    }
}
