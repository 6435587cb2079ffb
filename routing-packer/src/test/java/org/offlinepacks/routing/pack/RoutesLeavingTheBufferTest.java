package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.util.DistanceCalcEarth;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.TestNetworks;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.verify.RoutingPackVerifier;

/**
 * The hand-written valley (valley.osm): a house reached only over a pass outside the 200 m buffer,
 * and a house to which a road outside the buffer is shorter than the lane inside it. The pack must
 * route both as the whole extract does.
 */
class RoutesLeavingTheBufferTest {
    private static final DistanceCalcEarth EARTH = DistanceCalcEarth.DIST_EARTH;

    @TempDir
    static Path tmp;

    static RoutingPackResult pack;
    static JsonNode routesJson;

    @BeforeAll
    static void buildPack() throws Exception {
        // min network size 0: before the fix the northern house was snapped on its two-node stub
        RoutingPackConfig config = RoutingPackConfig.defaults().withBufferM(200).withMinNetworkSize(0);
        pack = new RoutingPackBuilder(config, new ExtractGraphCache(tmp.resolve("routing-cache")))
                .build(
                        TestNetworks.valleyOsm(),
                        TestNetworks.valleyBoundary(),
                        TestNetworks.valleyPoints(),
                        tmp.resolve("out"),
                        tmp.resolve("work"),
                        ProgressListener.NONE);
        routesJson = new ObjectMapper().readTree(pack.routesFile().toFile());
    }

    @Test
    void aHouseReachedOnlyOverAPassOutsideTheBufferIsReachable() {
        // clinic 1 -> 51 -> 52 up the valley lane, 52 -> 61 -> 62 over the pass, 62 -> house 2
        double overThePassM = EARTH.calcDist(20.0005, 20.001, 20.008, 20.001)
                + EARTH.calcDist(20.008, 20.001, 20.008, 20.009)
                + EARTH.calcDist(20.008, 20.009, 20.013, 20.009)
                + EARTH.calcDist(20.013, 20.009, 20.013, 20.005)
                + EARTH.calcDist(20.013, 20.005, 20.0095, 20.005);
        for (String profile : List.of("foot", "car")) {
            JsonNode route = facilityRoute(profile, "house-north");
            assertTrue(route.get("reachable").asBoolean(), profile + ": " + route);
            assertEquals(overThePassM, route.get("distanceM").asDouble(), 0.5, profile);
        }
    }

    @Test
    void aShorterRoadOutsideTheBufferIsTakenAsOnTheWholeExtract() {
        // clinic 1 -> 41 south out of the buffer, 41 -> 42 along the low road, 42 -> house 3
        double lowRoadM = EARTH.calcDist(20.0005, 20.001, 19.997, 20.001)
                + EARTH.calcDist(19.997, 20.001, 19.997, 20.009)
                + EARTH.calcDist(19.997, 20.009, 20.0005, 20.009);
        double valleyLaneM = EARTH.calcDist(20.0005, 20.001, 20.008, 20.001)
                + EARTH.calcDist(20.008, 20.001, 20.008, 20.009)
                + EARTH.calcDist(20.008, 20.009, 20.0005, 20.009);
        assertTrue(lowRoadM + 500 < valleyLaneM, "the low road is the shorter one");
        for (String profile : List.of("foot", "car")) {
            JsonNode route = facilityRoute(profile, "house-south");
            assertEquals(lowRoadM, route.get("distanceM").asDouble(), 0.5, profile);
        }
    }

    @Test
    void onlyTheWaysOfThoseRoutesAreAddedToTheClip() throws Exception {
        assertEquals(2, pack.clip().routeWays(), "the low road and the pass");
        assertEquals(7, pack.clip().ways(), "every way but the far street 499");
        assertTrue(pack.manifest().bboxLonLat().get(3) < 20.02, "the far street is not in the graph");
        assertEquals(List.of(), RoutingPackVerifier.verify(pack.ghzFile().getParent()));
    }

    private static JsonNode facilityRoute(String profile, String toId) {
        for (JsonNode route : routesJson.at("/profiles/" + profile + "/facilityRoutes")) {
            if (route.get("from").asText().equals("clinic")
                    && route.get("to").asText().equals(toId)) {
                return route;
            }
        }
        throw new AssertionError(profile + ": no route clinic -> " + toId + " in routes.json");
    }
}
