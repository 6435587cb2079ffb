package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.ResponsePath;
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
import org.offlinepacks.routing.extract.ExtractGraphCache;
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
 * point-to-point routing on the pack's graph. The pack is built once. (Every parish against a graph
 * of the whole extract: {@link WholeExtractRoutesTest}.)
 */
class AndorraRoutingPackTest {
    private static final int SAMPLE_PAIRS = 60;

    @TempDir
    static Path tmp;

    static List<AssignedPoint> points;
    static RoutingPackResult pack;
    static RoutingGraph packGraph;

    @BeforeAll
    static void buildGraphs() throws IOException {
        points = new ArrayList<>(SampleData.pointsOf(SampleData.ENCAMP));
        // two points of Sant Julià de Lòria, far outside Encamp's buffer
        points.addAll(SampleData.pointsOf("osm-relation-2804759").subList(0, 2));
        pack = build(tmp.resolve("pack"), tmp.resolve("work"));
        // a fresh GraphHopper instance that sees only routing.ghz and routing.json
        packGraph = GraphLoader.load(pack.ghzFile(), RoutingManifest.read(pack.manifestFile()), tmp.resolve("load"));
    }

    @AfterAll
    static void closeGraphs() {
        if (packGraph != null) {
            packGraph.close();
        }
    }

    private static RoutingPackResult build(Path out, Path work) throws IOException {
        return new RoutingPackBuilder(RoutingPackConfig.defaults(), new ExtractGraphCache(tmp.resolve("routing-cache")))
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
