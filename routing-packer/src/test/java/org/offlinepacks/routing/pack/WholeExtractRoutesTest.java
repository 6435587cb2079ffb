package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.storage.index.Snap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.SampleData;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.graph.GraphArchive;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.RoutingGraph;

/**
 * Every sample parish's routing pack against GraphHopper's own routing on a graph of the whole
 * Andorra extract (imported once for the class, independently of the builder): clipping must not
 * lose a route that the whole extract has, nor make it longer. The rule for a pair whose both ends
 * the whole-extract graph snaps under the pack's rules (inside the clip area, within the snap
 * distance): if the whole extract routes it, {@code routes.json} has it reachable, with the whole
 * extract's distance and time (within 1 m or 1 s plus 0.1%: the pack keeps the very edges of that
 * route, so only ties between equally good routes may differ).
 */
class WholeExtractRoutesTest {
    private static final RoutingPackConfig CONFIG = RoutingPackConfig.defaults();
    /** Matrix pairs compared per parish and profile (all of them when there are fewer). */
    private static final int MATRIX_SAMPLE = 400;

    @TempDir
    static Path tmp;

    static RoutingGraph wholeExtract;
    static long wholeExtractGhzBytes;
    static final Map<String, RoutingPackResult> packs = new HashMap<>();

    /** The reference graph, then one pack per parish, all sharing one whole-extract graph cache. */
    @BeforeAll
    static void importTheWholeExtractAndBuildThePacks() throws IOException {
        wholeExtract = new GraphImporter(CONFIG)
                .importGraph(SampleData.andorraPbf(), tmp.resolve("whole"), null, ProgressListener.NONE);
        wholeExtractGhzBytes = GraphArchive.zipFolder(tmp.resolve("whole"), tmp.resolve("whole.ghz"));
        ExtractGraphCache extractGraphs = new ExtractGraphCache(tmp.resolve("routing-cache"));
        for (String parishId : parishes().toList()) {
            RoutingPackResult pack = new RoutingPackBuilder(CONFIG, extractGraphs)
                    .build(
                            SampleData.andorraPbf(),
                            SampleData.boundary(parishId),
                            SampleData.pointsOf(parishId),
                            tmp.resolve(parishId),
                            tmp.resolve("work-" + parishId),
                            ProgressListener.NONE);
            packs.put(parishId, pack);
        }
    }

    @AfterAll
    static void close() {
        if (wholeExtract != null) {
            wholeExtract.close();
        }
    }

    static Stream<String> parishes() {
        return BoundaryReader.readFile(SampleData.root().resolve("andorra/boundaries.geojson")).stream()
                .map(Boundary::id);
    }

    @ParameterizedTest
    @MethodSource("parishes")
    void thePackKeepsEveryRouteOfTheWholeExtract(String parishId) throws IOException {
        Boundary parish = SampleData.boundary(parishId);
        List<AssignedPoint> points = SampleData.pointsOf(parishId);
        RoutingPackResult pack = packs.get(parishId);
        JsonNode routes = new ObjectMapper().readTree(pack.routesFile().toFile());
        ClipArea area = ClipArea.around(parish.geometry(), CONFIG.bufferM());
        Map<String, AssignedPoint> byId = new HashMap<>();
        points.forEach(p -> byId.put(p.id(), p));
        long seed = System.nanoTime();
        List<String> problems = new ArrayList<>();
        int facilityPairs = 0;
        int matrixPairs = 0;

        for (String profile : CONFIG.profileNames()) {
            JsonNode json = routes.at("/profiles/" + profile);
            List<AssignedPoint> routable = points.stream()
                    .filter(p -> snapsOnTheWholeExtract(profile, p, area))
                    .toList();
            Map<String, JsonNode> facilityRoutes = new HashMap<>();
            json.get("facilityRoutes")
                    .forEach(r -> facilityRoutes.put(
                            r.get("from").asText() + " " + r.get("to").asText(), r));
            for (AssignedPoint facility : routable) {
                if (!facility.isFacility()) {
                    continue;
                }
                for (AssignedPoint to : routable) {
                    if (to == facility) {
                        continue;
                    }
                    GHResponse whole = route(profile, facility, to);
                    if (whole.hasErrors()) {
                        continue;
                    }
                    facilityPairs++;
                    String pair = profile + " " + facility.id() + " -> " + to.id();
                    JsonNode packed = facilityRoutes.get(facility.id() + " " + to.id());
                    if (packed == null || !packed.get("reachable").asBoolean()) {
                        problems.add(pair + ": the whole extract routes it (" + km(whole) + ") but routes.json "
                                + (packed == null ? "does not list it" : "says unreachable"));
                        continue;
                    }
                    compare(
                            pair,
                            whole,
                            packed.get("distanceM").asDouble(),
                            packed.get("timeS").asDouble(),
                            problems);
                }
            }

            JsonNode matrix = json.get("matrix");
            List<String> ids = new ArrayList<>();
            matrix.get("pointIds").forEach(id -> ids.add(id.asText()));
            List<AssignedPoint> matrixPoints = routable.stream().toList();
            Random random = new Random(seed);
            boolean all = matrixPoints.size() * matrixPoints.size() <= MATRIX_SAMPLE;
            for (int k = 0; k < (all ? matrixPoints.size() * matrixPoints.size() : MATRIX_SAMPLE); k++) {
                AssignedPoint from =
                        matrixPoints.get(all ? k / matrixPoints.size() : random.nextInt(matrixPoints.size()));
                AssignedPoint to =
                        matrixPoints.get(all ? k % matrixPoints.size() : random.nextInt(matrixPoints.size()));
                if (from == to) {
                    continue;
                }
                GHResponse whole = route(profile, from, to);
                if (whole.hasErrors()) {
                    continue;
                }
                matrixPairs++;
                String pair = profile + " matrix " + from.id() + " -> " + to.id();
                int i = ids.indexOf(from.id());
                int j = ids.indexOf(to.id());
                JsonNode distance = i < 0 || j < 0 ? null : matrix.at("/distanceM/" + i + "/" + j);
                if (distance == null || distance.isNull()) {
                    problems.add(pair + ": the whole extract routes it (" + km(whole) + ") but the matrix "
                            + (distance == null ? "does not list it" : "has null"));
                    continue;
                }
                compare(
                        pair,
                        whole,
                        distance.asDouble(),
                        matrix.at("/timeS/" + i + "/" + j).asDouble(),
                        problems);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s (%s): %d facility pairs, %d matrix pairs compared with the whole extract; "
                        + "routing.ghz %,d bytes, %,d edges; %d problems (seed %d)%n",
                parish.name(),
                parishId,
                facilityPairs,
                matrixPairs,
                Files.size(pack.ghzFile()),
                pack.manifest().edges(),
                problems.size(),
                seed);
        problems.forEach(p -> System.out.println("  " + p));
        assertTrue(
                problems.isEmpty(),
                problems.size() + " routes of " + parish.name() + " lost or longer (seed " + seed + "):\n"
                        + String.join("\n", problems));
    }

    @Test
    void everyParishGraphStaysSmallerThanTheWholeExtractsGraph() throws IOException {
        System.out.printf(
                Locale.ROOT,
                "whole Andorra extract: routing.ghz %,d bytes, %,d edges%n",
                wholeExtractGhzBytes,
                wholeExtract.edges());
        for (RoutingPackResult pack : packs.values()) {
            long ghzBytes = Files.size(pack.ghzFile());
            String parish = pack.ghzFile().getParent().getFileName().toString();
            assertTrue(ghzBytes < wholeExtractGhzBytes * 0.6, parish + ": " + ghzBytes + " bytes");
            assertTrue(
                    pack.manifest().edges() < wholeExtract.edges() * 0.7,
                    parish + ": " + pack.manifest().edges());
        }
        // Sant Julià de Lòria, the southern parish: far from the rest of the network
        RoutingPackResult southern = packs.get("osm-relation-2804759");
        assertTrue(Files.size(southern.ghzFile()) * 3 < wholeExtractGhzBytes, "Sant Julià de Lòria's graph");
        assertTrue(southern.manifest().edges() * 3 < wholeExtract.edges(), "Sant Julià de Lòria's edges");
    }

    /** Inside the clip area and within the snap distance of a road of the profile's main network. */
    private static boolean snapsOnTheWholeExtract(String profile, AssignedPoint point, ClipArea area) {
        if (!area.containsLonLat(point.lon(), point.lat())) {
            return false;
        }
        Snap snap = wholeExtract
                .hopper()
                .getLocationIndex()
                .findClosest(point.lat(), point.lon(), wholeExtract.snapFilter(profile));
        return snap.isValid() && snap.getQueryDistance() <= CONFIG.maxSnapDistanceM();
    }

    private static void compare(
            String pair, GHResponse whole, double packDistanceM, double packTimeS, List<String> problems) {
        double wholeDistanceM = whole.getBest().getDistance();
        double wholeTimeS = whole.getBest().getTime() / 1000.0;
        if (Math.abs(packDistanceM - wholeDistanceM) > 1 + wholeDistanceM * 1e-3
                || Math.abs(packTimeS - wholeTimeS) > 1 + wholeTimeS * 1e-3) {
            problems.add(String.format(
                    Locale.ROOT,
                    "%s: %.0f m, %.0f s in the pack but %.0f m, %.0f s on the whole extract",
                    pair,
                    packDistanceM,
                    packTimeS,
                    wholeDistanceM,
                    wholeTimeS));
        }
    }

    private static String km(GHResponse response) {
        return String.format(Locale.ROOT, "%.1f km", response.getBest().getDistance() / 1000);
    }

    private static GHResponse route(String profile, AssignedPoint from, AssignedPoint to) {
        return wholeExtract
                .hopper()
                .route(new GHRequest(from.lat(), from.lon(), to.lat(), to.lon()).setProfile(profile));
    }
}
