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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.clip.ClipArea;
import com.carrotsearch.hppc.LongHashSet;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.clip.ExtractIndex;
import org.offlinepacks.routing.clip.ExtractIndexBuilder;
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
        Map<String, double[][]> timed;
        ClipArea area = ClipArea.around(boundary.geometry(), config.bufferM());
        Path areaGeoJson = work.resolve("area.geojson");
        // osmium wants a Feature; GeoJsonWriter writes the bare geometry (8 decimals, well under a metre)
        Files.writeString(areaGeoJson, "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                + new GeoJsonWriter().write(area.geometryLonLat()) + "}");

        // 1. clips and clip + import, ours against osmium extract, in interleaved rounds (one of each
        //    in turn, after a warm-up of each): the index is built once, as the service does per
        //    extract version
        Path indexDir = fresh(work.resolve("index"));
        ExtractIndexBuilder.build(pbf, indexDir, ProgressListener.NONE);
        Map<String, Callable<Integer>> rows = new LinkedHashMap<>();
        try (ExtractIndex index = ExtractIndex.open(indexDir)) {
            rows.put("clip only: extract index (the service's clip)", () -> {
                Path dir = fresh(work.resolve("ours-clip"));
                return (int) index.clip(area, new LongHashSet(), dir.resolve("clip.osm.pbf"), ProgressListener.NONE).ways();
            });
            rows.put("clip only: OsmClipper (GraphHopper PBF reader, 2 passes over the file)", () -> {
                Path dir = fresh(work.resolve("stream-clip"));
                return (int) OsmClipper.clip(pbf, area, dir.resolve("clip.osm.pbf"), ProgressListener.NONE).ways();
            });
            rows.put("clip only: osmium extract -p -s complete_ways (PBF out)",
                    () -> osmium(pbf, areaGeoJson, fresh(work.resolve("osmium-clip"))));
            rows.put("**clip + import: extract index + GraphImporter**", () -> {
                Path dir = fresh(work.resolve("ours"));
                ClipResult clip = index.clip(area, new LongHashSet(), dir.resolve("clip.osm.pbf"), ProgressListener.NONE);
                try (RoutingGraph graph = new GraphImporter(config)
                        .importGraph(clip.output(), dir.resolve("graph"), clip.dataTimestamp(), ProgressListener.NONE)) {
                    return graph.edges();
                }
            });
            rows.put("**clip + import: osmium extract + plain GraphHopper import**", () -> {
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
            timed = interleaved(RUNS, rows);
        }

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
                Map<String, Callable<Integer>> both = new LinkedHashMap<>();
                both.put("trees", () -> {
                    // snaps are re-made per run: a query graph takes over the snaps it is given
                    ProfileRoutes routes = new RouteMatrixCalculator(graph)
                            .computeRoutes(profile, snapper.snap(profile, points), Integer.MAX_VALUE, ProgressListener.NONE);
                    return routes.fullMatrix().pointIds().size();
                });
                both.put("pairs", () -> {
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
                Map<String, double[][]> runs = interleaved(Math.max(3, RUNS / 2), both);
                double[] trees = Arrays.stream(runs.get("trees")).mapToDouble(r -> r[0]).toArray();
                double[] pairs = Arrays.stream(runs.get("pairs")).mapToDouble(r -> r[0]).toArray();
                int n = snapped.size();
                matrixRows.add(String.format(Locale.ROOT,
                        "| %s | %d × %d | %.0f ms | %.0f ms (%,d CH queries) | %.0f× |",
                        profile, n, n, median(trees), median(pairs), n * (n - 1), median(pairs) / median(trees)));
            }
            System.out.printf(Locale.ROOT, "graph: %,d nodes, %,d edges, routing.ghz %,d bytes%n%n", graph.nodes(), graph.edges(), ghzBytes);
        }

        System.out.println("| step (" + boundary.name() + ", " + (int) config.bufferM() + " m buffer, profiles "
                + String.join("+", config.profileNames()) + ", CH) | median of " + RUNS
                + " | runs (ms) | load average before each run |");
        System.out.println("|---|---:|---|---|");
        timed.forEach(RoutingBenchmark::row);
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

    static void row(String name, double[][] runs) {
        double[] ms = Arrays.stream(runs).mapToDouble(r -> r[0]).toArray();
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %s | %s |%n", name, median(ms),
                Arrays.stream(ms).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
                Arrays.stream(runs).map(r -> String.format(Locale.ROOT, "%.2f", r[1])).toList());
    }

    /**
     * One warm-up run of each task, then {@code rounds} rounds that run each task once in turn;
     * per task, each run's milliseconds and the 1-minute load average just before it.
     */
    static Map<String, double[][]> interleaved(int rounds, Map<String, Callable<Integer>> tasks) throws Exception {
        for (Callable<Integer> task : tasks.values()) {
            task.call();
        }
        Map<String, double[][]> result = new LinkedHashMap<>();
        tasks.keySet().forEach(name -> result.put(name, new double[rounds][]));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Callable<Integer>> task : tasks.entrySet()) {
                double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                long start = System.nanoTime();
                task.getValue().call();
                result.get(task.getKey())[round] = new double[] {(System.nanoTime() - start) / 1e6, load};
            }
        }
        return result;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
