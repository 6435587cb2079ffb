// Routing benchmark, run by bench/routing.sh with the shaded jar on the class path (Java single-file
// source launch). Prints a Markdown section for BENCHMARKS.md.
import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.GraphHopperConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.clip.OsmClipper;
import org.offlinepacks.routing.graph.GraphArchive;
import org.offlinepacks.routing.graph.GraphHopperFactory;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.PointReader;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.matrix.RouteMatrixCalculator;
import org.offlinepacks.routing.snap.PointSnap;
import org.offlinepacks.routing.snap.PointSnapper;

public class RoutingBenchmark {
    static final int RUNS = 9;

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path work = Path.of(args[1]);
        String boundaryId = args[2];
        Path pbf = samples.resolve("andorra.osm.pbf");
        Boundary boundary = BoundaryReader.readFile(samples.resolve("andorra/boundaries.geojson")).stream()
                .filter(b -> b.id().equals(boundaryId))
                .findFirst()
                .orElseThrow();
        List<AssignedPoint> points = PointReader.readFile(samples.resolve("andorra/points.geojson")).stream()
                .filter(p -> boundaryId.equals(p.boundaryId()))
                .toList();
        RoutingPackConfig config = RoutingPackConfig.defaults().withFullMatrixLimit(Integer.MAX_VALUE);
        ClipArea area = ClipArea.around(boundary.geometry(), config.bufferM());
        Path areaGeoJson = work.resolve("area.geojson");
        // osmium wants a Feature; GeoJsonWriter writes the bare geometry (8 decimals, well under a metre)
        Files.writeString(areaGeoJson, "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                + new GeoJsonWriter().write(area.geometryLonLat()) + "}");

        // 1. our clip (GraphHopper's reader, two passes, OSM XML out) + import with CH
        double[] ours = time(RUNS, () -> {
            Path dir = fresh(work.resolve("ours"));
            ClipResult clip = OsmClipper.clip(pbf, area, dir.resolve("clip.osm.pbf"), ProgressListener.NONE);
            try (RoutingGraph graph = new GraphImporter(config)
                    .importGraph(clip.output(), dir.resolve("graph"), clip.dataTimestamp(), ProgressListener.NONE)) {
                return graph.edges();
            }
        });
        double[] oursClipOnly = time(RUNS, () -> {
            Path dir = fresh(work.resolve("ours-clip"));
            return (int) OsmClipper.clip(pbf, area, dir.resolve("clip.osm.pbf"), ProgressListener.NONE).ways();
        });

        // 2. osmium extract -p <the same buffered area> -s complete_ways, then a plain GraphHopper import
        double[] osmiumOnly = time(RUNS, () -> osmium(pbf, areaGeoJson, fresh(work.resolve("osmium-clip"))));
        double[] osmiumAndImport = time(RUNS, () -> {
            Path dir = fresh(work.resolve("osmium"));
            osmium(pbf, areaGeoJson, dir);
            GraphHopperConfig ghConfig =
                    GraphHopperFactory.config(config.profiles(), config.segmentSizeBytes(), dir.resolve("graph"));
            ghConfig.putObject("datareader.file", dir.resolve("clip.osm.pbf").toString());
            ghConfig.putObject("prepare.min_network_size", config.minNetworkSize());
            GraphHopper hopper = new GraphHopper().init(ghConfig);
            hopper.importOrLoad();
            int edges = hopper.getBaseGraph().getEdges();
            hopper.close();
            return edges;
        });

        // 3. matrix of all points of the boundary: one tree per source vs one CH route query per pair
        Path dir = fresh(work.resolve("matrix"));
        ClipResult clip = OsmClipper.clip(pbf, area, dir.resolve("clip.osm.pbf"), ProgressListener.NONE);
        List<String> matrixRows = new ArrayList<>();
        try (RoutingGraph graph = new GraphImporter(config)
                .importGraph(clip.output(), dir.resolve("graph"), clip.dataTimestamp(), ProgressListener.NONE)) {
            long ghzBytes = GraphArchive.zipFolder(dir.resolve("graph"), dir.resolve("routing.ghz"));
            PointSnapper snapper = new PointSnapper(graph, area, config.maxSnapDistanceM());
            for (String profile : config.profileNames()) {
                List<PointSnap> snaps = snapper.snap(profile, points);
                List<AssignedPoint> snapped =
                        snaps.stream().filter(PointSnap::isSnapped).map(PointSnap::point).toList();
                double[] trees = time(RUNS, () -> {
                    // snaps are re-made per run: a query graph takes over the snaps it is given
                    ProfileRoutes routes = new RouteMatrixCalculator(graph)
                            .computeRoutes(profile, snapper.snap(profile, points), Integer.MAX_VALUE, ProgressListener.NONE);
                    return routes.fullMatrix().pointIds().size();
                });
                double[] pairs = time(Math.max(1, RUNS / 2), () -> {
                    int routed = 0;
                    for (AssignedPoint from : snapped) {
                        for (AssignedPoint to : snapped) {
                            if (from == to) {
                                continue;
                            }
                            GHRequest request = new GHRequest(from.lat(), from.lon(), to.lat(), to.lon()).setProfile(profile);
                            request.putHint("instructions", false);
                            request.putHint("calc_points", false);
                            GHResponse response = graph.hopper().route(request);
                            routed += response.hasErrors() ? 0 : 1;
                        }
                    }
                    return routed;
                });
                int n = snapped.size();
                matrixRows.add(String.format(Locale.ROOT,
                        "| %s | %d × %d | %.0f ms | %.0f ms (%,d CH queries) | %.0f× |",
                        profile, n, n, median(trees), median(pairs), n * (n - 1), median(pairs) / median(trees)));
            }
            System.out.printf(Locale.ROOT, "graph: %,d nodes, %,d edges, routing.ghz %,d bytes%n%n", graph.nodes(), graph.edges(), ghzBytes);
        }

        System.out.println("| step (" + boundary.name() + ", " + (int) config.bufferM() + " m buffer, profiles "
                + String.join("+", config.profileNames()) + ", CH) | median of " + RUNS + " | fastest | runs (ms) |");
        System.out.println("|---|---|---|---|");
        row("clip only: OsmClipper (GraphHopper PBF reader, 2 passes, PBF out)", oursClipOnly);
        row("clip only: osmium extract -p -s complete_ways (PBF out)", osmiumOnly);
        row("**clip + import: OsmClipper + GraphImporter**", ours);
        row("**clip + import: osmium extract + plain GraphHopper import**", osmiumAndImport);
        System.out.println();
        System.out.println("| profile | matrix | one tree per source | one route per pair | speed-up |");
        System.out.println("|---|---|---|---|---|");
        matrixRows.forEach(System.out::println);
    }

    static int osmium(Path pbf, Path areaGeoJson, Path dir) throws Exception {
        Process p = new ProcessBuilder("osmium", "extract", "-p", areaGeoJson.toString(), "-s", "complete_ways",
                        "--overwrite", "-o", dir.resolve("clip.osm.pbf").toString(), pbf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("osmium extract failed");
        }
        return 0;
    }

    static void row(String name, double[] runs) {
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %s |%n", name, median(runs), Arrays.stream(runs).min().orElseThrow(),
                Arrays.stream(runs).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    /** One warm-up run, then {@code runs} timed runs in milliseconds. */
    static double[] time(int runs, Callable<Integer> task) throws Exception {
        task.call();
        double[] result = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            task.call();
            result[i] = (System.nanoTime() - start) / 1e6;
        }
        return result;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static Path fresh(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
