package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.util.DistanceCalcEarth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.RoutingProfile;
import org.offlinepacks.routing.TestNetworks;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.matrix.RouteCost;
import org.offlinepacks.routing.snap.PointSnap;
import org.offlinepacks.routing.snap.SnapFailure;
import org.offlinepacks.routing.verify.RoutingPackVerifier;

/** The hand-written village network, whose answers are known by construction. */
class VillageRoutingTest {
    private static final double FOOT_SPEED_KMH = 5;

    @TempDir
    static Path tmp;

    static RoutingPackResult pack;
    static JsonNode routesJson;
    static final List<String> progressEvents = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildPack() throws Exception {
        // min network size 0: the one-street island stays routable, so it is reported as unreachable
        RoutingPackConfig config = RoutingPackConfig.defaults()
                .withBufferM(200)
                .withMaxSnapDistanceM(100)
                .withMinNetworkSize(0);
        pack = new RoutingPackBuilder(config, extractGraphs())
                .build(
                        TestNetworks.villageOsm(),
                        TestNetworks.villageBoundary(),
                        TestNetworks.villagePoints(),
                        tmp.resolve("out"),
                        tmp.resolve("work"),
                        new ProgressListener() {
                            @Override
                            public void begin(String step, long total) {
                                progressEvents.add("begin " + step + " " + total);
                            }

                            @Override
                            public void update(String step, long done) {}

                            @Override
                            public void end(String step, long done) {
                                progressEvents.add("end " + step + " " + done);
                            }
                        });
        routesJson = new ObjectMapper().readTree(pack.routesFile().toFile());
    }

    @Test
    void facilityToHouseFollowsTheStreetsWithTheKnownLengthAndWalkingTime() {
        // clinic at node 1; the house snaps onto the side street 3-4 level with it (lat 10.0005)
        double mainStreetM = DistanceCalcEarth.DIST_EARTH.calcDist(10, 10, 10, 10.002);
        double sideStreetM = DistanceCalcEarth.DIST_EARTH.calcDist(10, 10.002, 10.0005, 10.002);
        RouteCost cost = facilityRoute("foot", "house-side-street").cost();

        assertNotNull(cost, "the house is reachable on foot");
        assertEquals(mainStreetM + sideStreetM, cost.distanceM(), 0.5);
        double expectedSeconds = cost.distanceM() / (FOOT_SPEED_KMH / 3.6);
        assertEquals(expectedSeconds, cost.timeMillis() / 1000.0, 1.0);
        assertEquals(
                mainStreetM + sideStreetM,
                facilityRoute("car", "house-side-street").cost().distanceM(),
                0.5);
    }

    @Test
    void routeGeometryRunsFromTheFacilityAlongTheStreetsToTheHouse() {
        String polyline = facilityRoute("foot", "house-side-street").cost().polyline();
        List<double[]> latLons = decodePolyline(polyline);
        assertEquals(10.0, latLons.get(0)[0], 1e-5);
        assertEquals(10.0, latLons.get(0)[1], 1e-5);
        for (double[] p : latLons) {
            boolean onMainStreet = Math.abs(p[0] - 10.0) < 1e-5 && p[1] >= 10.0 - 1e-5 && p[1] <= 10.002 + 1e-5;
            boolean onSideStreet = Math.abs(p[1] - 10.002) < 1e-5 && p[0] >= 10.0 - 1e-5 && p[0] <= 10.001;
            assertTrue(onMainStreet || onSideStreet, "vertex " + p[0] + "," + p[1] + " is on the streets");
        }
        double[] last = latLons.get(latLons.size() - 1);
        assertEquals(10.0005, last[0], 1e-5);
        assertEquals(10.002, last[1], 1e-5);
    }

    @Test
    void theIslandHouseIsSnappedButUnreachableAndSaysSo() {
        assertTrue(point("foot", "house-island").isSnapped());
        assertFalse(facilityRoute("foot", "house-island").isReachable());
        JsonNode route = jsonRoute("foot", "house-island");
        assertFalse(route.get("reachable").asBoolean());
        assertFalse(route.has("timeS"));
        ProfileRoutes.PointMatrix matrix = routes("foot").fullMatrix();
        int clinic = matrix.pointIds().indexOf("clinic");
        int island = matrix.pointIds().indexOf("house-island");
        assertNull(matrix.costs()[clinic][island]);
        assertTrue(routesJson
                .at("/profiles/foot/matrix/timeS/" + clinic + "/" + island)
                .isNull());
    }

    @Test
    void aPointInTheLakeIsReportedTooFarWithTheDistanceToTheNearestRoad() {
        PointSnap lake = point("foot", "house-in-lake");
        assertEquals(SnapFailure.TOO_FAR_FROM_ROAD, lake.failure());
        double toMainStreet = DistanceCalcEarth.DIST_EARTH.calcDist(9.9985, 10.001, 10.0, 10.001);
        assertEquals(toMainStreet, lake.snapDistanceM(), 1.0);
        JsonNode json = jsonPoint("foot", "house-in-lake");
        assertEquals("too_far_from_road", json.get("reason").asText());
    }

    @Test
    void aPointOutsideTheBufferIsReportedAndTheRestOfThePackIsBuilt() {
        for (String profile : List.of("foot", "car")) {
            assertEquals(
                    SnapFailure.OUTSIDE_ROUTING_AREA,
                    point(profile, "house-far-away").failure());
            assertEquals(
                    "outside_routing_area",
                    jsonPoint(profile, "house-far-away").get("reason").asText());
        }
        assertEquals(5, routesJson.at("/profiles/foot/points").size(), "every point is listed");
    }

    @Test
    void matrixDiagonalIsZero() {
        for (String profile : List.of("foot", "car")) {
            ProfileRoutes.PointMatrix matrix = routes(profile).fullMatrix();
            assertEquals(3, matrix.pointIds().size(), "clinic, side-street house and island house are snapped");
            for (int i = 0; i < matrix.pointIds().size(); i++) {
                assertEquals(0, matrix.costs()[i][i].timeMillis());
                assertEquals(0.0, matrix.costs()[i][i].distanceM());
            }
        }
    }

    @Test
    void routingJsonDescribesTheGraph() {
        var manifest = pack.manifest();
        assertEquals("11.0", manifest.graphhopperVersion());
        assertEquals(List.of("foot", "car"), manifest.profileNames());
        assertTrue(manifest.encodedValues().contains("foot_average_speed"));
        assertEquals(9.98, manifest.bboxLonLat().get(0), 1e-9, "the kept lane reaches lon 9.98");
        assertTrue(manifest.bboxLonLat().get(3) < 10.05, "the far street is not in the graph");
    }

    @Test
    void theVerifierAcceptsThePackAndRefusesAGraphWhoseProfilesChanged() throws Exception {
        assertEquals(List.of(), RoutingPackVerifier.verify(pack.ghzFile().getParent()));

        Path tampered = Files.createDirectories(tmp.resolve("tampered"));
        for (String file : List.of("routing.ghz", "routes.json")) {
            Files.copy(pack.ghzFile().resolveSibling(file), tampered.resolve(file));
        }
        String manifest = Files.readString(pack.manifestFile())
                .replace("\"distance_influence\":90.0", "\"distance_influence\":10.0");
        Files.writeString(tampered.resolve("routing.json"), manifest);
        List<String> problems = RoutingPackVerifier.verify(tampered);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("does not load"), problems.get(0));
    }

    @Test
    void aCustomProfileFromJsonIsImportedAndRecorded() throws Exception {
        Path profiles = Files.createDirectories(tmp.resolve("profiles"));
        Files.writeString(
                profiles.resolve("slow_walk.json"),
                "{\"encodedValues\": [\"foot_access\", \"foot_average_speed\"],"
                        + " \"customModel\": {\"priority\": [{\"if\": \"!foot_access\", \"multiply_by\": \"0\"}],"
                        + " \"speed\": [{\"if\": \"true\", \"limit_to\": \"3\"}]}}");
        RoutingPackConfig config = RoutingPackConfig.withProfiles(
                        RoutingProfile.resolve(List.of("slow_walk", "car"), profiles))
                .withBufferM(200)
                .withMinNetworkSize(0);
        RoutingPackResult result = new RoutingPackBuilder(config, extractGraphs())
                .build(
                        TestNetworks.villageOsm(),
                        TestNetworks.villageBoundary(),
                        TestNetworks.villagePoints(),
                        tmp.resolve("custom-out"),
                        tmp.resolve("custom-work"),
                        ProgressListener.NONE);

        assertEquals(List.of("slow_walk", "car"), result.manifest().profileNames());
        RouteCost slow = result.routes().get(0).facilityRoutes().stream()
                .filter(r -> r.toId().equals("house-side-street"))
                .findFirst()
                .orElseThrow()
                .cost();
        assertEquals(slow.distanceM() / (3 / 3.6), slow.timeMillis() / 1000.0, 1.0, "walks at 3 km/h");
        assertEquals(List.of(), RoutingPackVerifier.verify(result.ghzFile().getParent()));
    }

    @Test
    void anExtractThatDoesNotCoverTheBoundaryIsRefusedClearly() {
        var elsewhere = new org.offlinepacks.boundarydata.campaign.Boundary(
                "elsewhere",
                "Elsewhere",
                null,
                new org.locationtech.jts.geom.GeometryFactory()
                        .toGeometry(new org.locationtech.jts.geom.Envelope(20, 20.01, 50, 50.01)),
                "v1");

        NoRoadException e = org.junit.jupiter.api.Assertions.assertThrows(
                NoRoadException.class, () -> new RoutingPackBuilder(RoutingPackConfig.defaults(), extractGraphs())
                        .build(
                                TestNetworks.villageOsm(),
                                elsewhere,
                                List.of(),
                                tmp.resolve("elsewhere-out"),
                                tmp.resolve("elsewhere-work"),
                                ProgressListener.NONE));

        assertEquals(
                "boundary elsewhere has no road within 3000 m: village.osm has no way there (a place without a mapped"
                        + " road, or an extract that does not cover it)",
                e.getMessage());
    }

    @Test
    void anUnsortedExtractIsRefusedWithWhatToDo() {
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> new RoutingPackBuilder(RoutingPackConfig.defaults(), extractGraphs())
                        .build(
                                TestNetworks.resource("unsorted.osm"),
                                TestNetworks.villageBoundary(),
                                TestNetworks.villagePoints(),
                                tmp.resolve("unsorted-out"),
                                tmp.resolve("unsorted-work"),
                                ProgressListener.NONE));

        assertTrue(e.getMessage().contains("not sorted") && e.getMessage().contains("osmium sort"), e.getMessage());
    }

    @Test
    void everyStepReportsProgressWithCounts() {
        assertEquals(
                List.of(
                        "begin extract-import -1", // the first build with this cache imports the whole extract
                        "end extract-import 6",
                        "begin route-ways:foot 3",
                        "end route-ways:foot 3",
                        "begin route-ways:car 3",
                        "end route-ways:car 3",
                        "begin extract-index -1", // ... and indexes it for clipping
                        "end extract-index 32", // elements read in both passes (with the file header)
                        "begin clip -1",
                        "end clip 4", // ways read from the index: those near the boundary
                        "begin import -1",
                        "end import " + pack.manifest().edges(),
                        "begin ch 2",
                        "end ch 2",
                        "begin matrix:foot 3",
                        "end matrix:foot 3",
                        "begin matrix:car 3",
                        "end matrix:car 3"),
                progressEvents);
    }

    private static ExtractGraphCache extractGraphs() {
        return new ExtractGraphCache(tmp.resolve("routing-cache"));
    }

    private static ProfileRoutes routes(String profile) {
        return pack.routes().stream()
                .filter(r -> r.profile().equals(profile))
                .findFirst()
                .orElseThrow();
    }

    private static ProfileRoutes.FacilityRoute facilityRoute(String profile, String toId) {
        return routes(profile).facilityRoutes().stream()
                .filter(r -> r.fromId().equals("clinic") && r.toId().equals(toId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route clinic -> " + toId));
    }

    private static PointSnap point(String profile, String id) {
        Map<String, PointSnap> byId = routes(profile).points().stream()
                .collect(Collectors.toMap(s -> s.point().id(), Function.identity()));
        return byId.get(id);
    }

    private static JsonNode jsonPoint(String profile, String id) {
        for (JsonNode point : routesJson.at("/profiles/" + profile + "/points")) {
            if (point.get("id").asText().equals(id)) {
                return point;
            }
        }
        throw new AssertionError("routes.json lists no point " + id);
    }

    private static JsonNode jsonRoute(String profile, String toId) {
        for (JsonNode route : routesJson.at("/profiles/" + profile + "/facilityRoutes")) {
            if (route.get("to").asText().equals(toId)) {
                return route;
            }
        }
        throw new AssertionError("routes.json has no route to " + toId);
    }

    static List<double[]> decodePolyline(String encoded) {
        List<double[]> points = new java.util.ArrayList<>();
        int index = 0;
        int lat = 0;
        int lon = 0;
        while (index < encoded.length()) {
            int[] value = new int[2];
            for (int k = 0; k < 2; k++) {
                int shift = 0;
                int result = 0;
                int b;
                do {
                    b = encoded.charAt(index++) - 63;
                    result |= (b & 0x1f) << shift;
                    shift += 5;
                } while (b >= 0x20);
                value[k] = (result & 1) != 0 ? ~(result >> 1) : (result >> 1);
            }
            lat += value[0];
            lon += value[1];
            points.add(new double[] {lat / 1e5, lon / 1e5});
        }
        return points;
    }
}
