package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.ResponsePath;
import com.graphhopper.util.shapes.GHPoint3D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.SampleData;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.clip.OsmClipper;
import org.offlinepacks.routing.graph.GraphArchive;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.GraphLoadProbe;
import org.offlinepacks.routing.graph.GraphLoader;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.matrix.RouteCost;
import org.offlinepacks.routing.snap.PointSnap;
import org.offlinepacks.routing.snap.SnapFailure;

/**
 * The Encamp parish (201 points) cut from the Andorra extract, checked against GraphHopper's own
 * point-to-point routing and against a graph of the whole extract. The graphs are built once.
 */
class AndorraRoutingPackTest {
    private static final int SAMPLE_PAIRS = 60;

    @TempDir
    static Path tmp;

    static List<AssignedPoint> points;
    static RoutingPackResult pack;
    static RoutingGraph packGraph;
    static RoutingGraph wholeExtractGraph;
    static long wholeExtractGhzBytes;

    @BeforeAll
    static void buildGraphs() throws IOException {
        points = new ArrayList<>(SampleData.pointsOf(SampleData.ENCAMP));
        // two points of Sant Julià de Lòria, far outside Encamp's buffer
        points.addAll(SampleData.pointsOf("osm-relation-2804759").subList(0, 2));
        pack = build(tmp.resolve("pack"), tmp.resolve("work"));
        // a fresh GraphHopper instance that sees only routing.ghz and routing.json
        packGraph = GraphLoader.load(pack.ghzFile(), RoutingManifest.read(pack.manifestFile()), tmp.resolve("load"));

        RoutingPackConfig config = RoutingPackConfig.defaults();
        GraphImporter importer = new GraphImporter(config);
        wholeExtractGraph =
                importer.importGraph(SampleData.andorraPbf(), tmp.resolve("whole"), null, ProgressListener.NONE);
        wholeExtractGhzBytes = GraphArchive.zipFolder(tmp.resolve("whole"), tmp.resolve("whole.ghz"));
    }

    @AfterAll
    static void closeGraphs() {
        if (packGraph != null) {
            packGraph.close();
        }
        if (wholeExtractGraph != null) {
            wholeExtractGraph.close();
        }
    }

    private static RoutingPackResult build(Path out, Path work) throws IOException {
        return new RoutingPackBuilder(RoutingPackConfig.defaults())
                .build(
                        SampleData.andorraPbf(),
                        SampleData.boundary(SampleData.ENCAMP),
                        points,
                        out,
                        work,
                        ProgressListener.NONE);
    }

    @Test
    void matrixMatchesGraphHoppersOwnPointToPointRouting() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (ProfileRoutes routes : pack.routes()) {
            ProfileRoutes.PointMatrix matrix = routes.fullMatrix();
            assertNotNull(matrix, "Encamp's points are under the full-matrix limit");
            List<AssignedPoint> matrixPoints = snappedPoints(routes);
            for (int k = 0; k < SAMPLE_PAIRS; k++) {
                int i = random.nextInt(matrixPoints.size());
                int j = random.nextInt(matrixPoints.size());
                AssignedPoint from = matrixPoints.get(i);
                AssignedPoint to = matrixPoints.get(j);
                String pair =
                        String.format(Locale.ROOT, "%s %s -> %s (seed %d)", routes.profile(), from.id(), to.id(), seed);
                GHResponse response = route(packGraph, routes.profile(), from, to);
                RouteCost cost = matrix.costs()[i][j];
                if (cost == null) {
                    assertTrue(response.hasErrors(), pair + ": unreachable in the matrix but GraphHopper routes it");
                    continue;
                }
                assertTrue(!response.hasErrors(), pair + ": GraphHopper finds no route: " + response.getErrors());
                ResponsePath best = response.getBest();
                assertEquals(best.getDistance(), cost.distanceM(), 1 + best.getDistance() * 1e-3, pair + " distance");
                assertEquals(best.getTime(), cost.timeMillis(), 1000 + best.getTime() * 1e-3, pair + " time");
            }
        }
    }

    @Test
    void matrixDiagonalIsZeroAndFacilityRoutesHaveGeometry() {
        for (ProfileRoutes routes : pack.routes()) {
            RouteCost[][] costs = routes.fullMatrix().costs();
            for (int i = 0; i < costs.length; i++) {
                assertEquals(0, costs[i][i].timeMillis(), routes.profile() + " diagonal " + i);
                assertEquals(0.0, costs[i][i].distanceM(), routes.profile() + " diagonal " + i);
            }
            assertTrue(routes.facilityRoutes().size() > 100, routes.profile() + " has facility routes");
            for (ProfileRoutes.FacilityRoute route : routes.facilityRoutes()) {
                if (route.isReachable()) {
                    assertTrue(
                            route.cost().polyline().length() >= 2,
                            route.fromId() + " -> " + route.toId() + " has geometry");
                }
            }
        }
    }

    @Test
    void pointsOutsideTheBufferAreReportedWithoutFailingThePack() {
        for (ProfileRoutes routes : pack.routes()) {
            List<PointSnap> outside = routes.points().stream()
                    .filter(s -> s.failure() == SnapFailure.OUTSIDE_ROUTING_AREA)
                    .toList();
            assertEquals(2, outside.size(), routes.profile() + ": the two Sant Julià points");
            assertEquals(points.size(), routes.points().size(), "every point is listed");
            long snapped = routes.points().stream().filter(PointSnap::isSnapped).count();
            assertTrue(snapped >= 190, routes.profile() + ": " + snapped + " of Encamp's 201 points snapped");
        }
    }

    @Test
    void aParishGraphIsMuchSmallerThanTheWholeExtractsGraph() throws IOException {
        System.out.printf(
                Locale.ROOT,
                "whole Andorra extract: routing.ghz %,d bytes, %,d edges%n",
                wholeExtractGhzBytes,
                wholeExtractGraph.edges());
        System.out.printf(
                Locale.ROOT,
                "Encamp, 3 km buffer: routing.ghz %,d bytes, %,d edges%n",
                Files.size(pack.ghzFile()),
                packGraph.edges());
        RoutingPackConfig config = RoutingPackConfig.defaults();
        // Sant Julià de Lòria, the southern parish: far from the rest of the network
        String parish = "osm-relation-2804759";
        Path work = Files.createDirectories(tmp.resolve("size-" + parish));
        ClipArea area = ClipArea.around(SampleData.boundary(parish).geometry(), config.bufferM());
        ClipResult clip =
                OsmClipper.clip(SampleData.andorraPbf(), area, work.resolve("clip.osm.pbf"), ProgressListener.NONE);
        int edges;
        try (RoutingGraph graph = new GraphImporter(config)
                .importGraph(clip.output(), work.resolve("graph"), null, ProgressListener.NONE)) {
            edges = graph.edges();
        }
        long ghzBytes = GraphArchive.zipFolder(work.resolve("graph"), work.resolve("routing.ghz"));
        System.out.printf(
                Locale.ROOT, "Sant Julià de Lòria, 3 km buffer: routing.ghz %,d bytes, %,d edges%n", ghzBytes, edges);
        assertTrue(ghzBytes * 3 < wholeExtractGhzBytes, ghzBytes + " bytes vs " + wholeExtractGhzBytes);
        assertTrue(edges * 3 < wholeExtractGraph.edges(), edges + " edges vs " + wholeExtractGraph.edges());
    }

    @Test
    void clippingLosesNoRouteThatStaysInsideTheBufferedParish() {
        ClipArea area = ClipArea.around(
                SampleData.boundary(SampleData.ENCAMP).geometry(),
                RoutingPackConfig.defaults().bufferM());
        int compared = 0;
        int leavingTheArea = 0;
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<AssignedPoint> encamp = SampleData.pointsOf(SampleData.ENCAMP);
        for (String profile : packGraph.profileNames()) {
            for (int k = 0; k < SAMPLE_PAIRS; k++) {
                AssignedPoint from = encamp.get(random.nextInt(encamp.size()));
                AssignedPoint to = encamp.get(random.nextInt(encamp.size()));
                String pair = profile + " " + from.id() + " -> " + to.id() + " (seed " + seed + ")";
                GHResponse whole = route(wholeExtractGraph, profile, from, to);
                if (whole.hasErrors()) {
                    continue;
                }
                boolean staysInsideTheArea = true;
                for (GHPoint3D p : whole.getBest().getPoints()) {
                    staysInsideTheArea &= area.containsLonLat(p.getLon(), p.getLat());
                }
                if (!staysInsideTheArea) {
                    leavingTheArea++;
                    continue;
                }
                compared++;
                GHResponse clipped = route(packGraph, profile, from, to);
                assertTrue(!clipped.hasErrors(), pair + ": lost by clipping: " + clipped.getErrors());
                double wholeTime = whole.getBest().getTime();
                assertEquals(wholeTime, clipped.getBest().getTime(), 1000 + wholeTime * 1e-3, pair + " time");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "clipping: %d sampled routes of the whole graph stay inside the area and are kept; "
                        + "%d leave it and are not required%n",
                compared,
                leavingTheArea);
        assertTrue(compared >= SAMPLE_PAIRS, "enough routes compared: " + compared);
    }

    @Test
    void theSameInputGivesTheSameBytes() throws IOException {
        RoutingPackResult again = build(tmp.resolve("again"), tmp.resolve("work-again"));
        for (String file : List.of("routing.ghz", "routing.json", "routes.json")) {
            assertArrayEquals(
                    Files.readAllBytes(pack.ghzFile().resolveSibling(file)),
                    Files.readAllBytes(again.ghzFile().resolveSibling(file)),
                    file + " differs between two builds of the same input");
        }
    }

    @Test
    void aSeparateJvmLoadsThePackAndRoutesLikeThisOne() throws Exception {
        // the first facility and a point it reaches with every profile
        ProfileRoutes foot = pack.routes().get(0);
        ProfileRoutes.FacilityRoute reachable = foot.facilityRoutes().stream()
                .filter(r -> pack.routes().stream().allMatch(p -> p.facilityRoutes().stream()
                        .anyMatch(q -> q.fromId().equals(r.fromId()) && q.toId().equals(r.toId()) && q.isReachable())))
                .findFirst()
                .orElseThrow();
        AssignedPoint from = pointById(reachable.fromId());
        AssignedPoint to = pointById(reachable.toId());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GraphLoadProbe.class.getName(),
                        pack.ghzFile().getParent().toString(),
                        Double.toString(from.lat()),
                        Double.toString(from.lon()),
                        Double.toString(to.lat()),
                        Double.toString(to.lon()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        assertEquals(0, process.exitValue(), output);
        for (String profile : packGraph.profileNames()) {
            GHResponse here = route(packGraph, profile, from, to);
            String expected = String.format(
                    Locale.ROOT,
                    "%s %.3f %d",
                    profile,
                    here.getBest().getDistance(),
                    here.getBest().getTime());
            assertTrue(output.contains(expected), "expected '" + expected + "' in the probe's output:\n" + output);
        }
    }

    private static AssignedPoint pointById(String id) {
        return points.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<AssignedPoint> snappedPoints(ProfileRoutes routes) {
        return routes.points().stream()
                .filter(PointSnap::isSnapped)
                .map(PointSnap::point)
                .toList();
    }

    private static GHResponse route(RoutingGraph graph, String profile, AssignedPoint from, AssignedPoint to) {
        return graph.hopper().route(new GHRequest(from.lat(), from.lon(), to.lat(), to.lon()).setProfile(profile));
    }
}
