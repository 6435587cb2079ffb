// Clip benchmark, run by bench/clip.sh with the shaded jar on the class path (Java single-file
// source launch).
//   ClipBenchmark index PBF DIR            builds the extract index (bench/clip.sh times it)
//   ClipBenchmark pairs ANDORRA_PBF ANDORRA_INDEX COUNTRY_PBF COUNTRY_INDEX DLON DLAT PAIRS WORK [--streaming]
// The second form clips a village (a 1 km polygon in Encamp, the pack's 3000 m routing buffer) from
// the Andorra index and the same village shifted by DLON/DLAT into the country extract from its
// index, each followed by the pack's GraphHopper import (CH for foot and car), in interleaved pairs
// after a warm-up of each; prints Markdown rows with medians and the load average before each run.
// With --streaming it also times one streaming clip of each file (the clip before the index).
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import com.carrotsearch.hppc.LongHashSet;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.clip.ExtractIndex;
import org.offlinepacks.routing.clip.ExtractIndexBuilder;
import org.offlinepacks.routing.clip.OsmClipper;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.RoutingGraph;

public class ClipBenchmark {
    static final double VILLAGE_LON = 1.5650;
    static final double VILLAGE_LAT = 42.5340;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("index")) {
            ExtractIndexBuilder.build(Path.of(args[1]), Path.of(args[2]), ProgressListener.NONE);
            return;
        }
        Path andorraPbf = Path.of(args[1]);
        Path andorraIndexDir = Path.of(args[2]);
        Path countryPbf = Path.of(args[3]);
        Path countryIndexDir = Path.of(args[4]);
        double dLon = Double.parseDouble(args[5]);
        double dLat = Double.parseDouble(args[6]);
        int pairs = Integer.parseInt(args[7]);
        Path work = Path.of(args[8]);
        boolean streaming = args.length > 9 && args[9].equals("--streaming");
        RoutingPackConfig config = RoutingPackConfig.defaults();
        ClipArea inAndorra = ClipArea.around(village(0, 0), config.bufferM());
        ClipArea inCountry = ClipArea.around(village(dLon, dLat), config.bufferM());
        try (ExtractIndex andorra = ExtractIndex.open(andorraIndexDir);
                ExtractIndex country = ExtractIndex.open(countryIndexDir)) {
            Map<String, Callable<String>> runs = new LinkedHashMap<>();
            runs.put("clip + import, Andorra extract (565 KB)", () -> clipAndImport(andorra, inAndorra, config, work.resolve("a")));
            runs.put("clip + import, country extract (" + String.format(Locale.ROOT, "%,d", Files.size(countryPbf) >> 20) + " MB)",
                    () -> clipAndImport(country, inCountry, config, work.resolve("c")));
            runs.put("clip only, Andorra extract", () -> clipOnly(andorra, inAndorra, work.resolve("ao")));
            runs.put("clip only, country extract", () -> clipOnly(country, inCountry, work.resolve("co")));
            Map<String, String> what = new LinkedHashMap<>();
            for (Map.Entry<String, Callable<String>> run : runs.entrySet()) {
                what.put(run.getKey(), run.getValue().call()); // warm-up
            }
            Map<String, List<double[]>> timed = new LinkedHashMap<>();
            for (int pair = 0; pair < pairs; pair++) {
                for (Map.Entry<String, Callable<String>> run : runs.entrySet()) {
                    double load = load();
                    long start = System.nanoTime();
                    run.getValue().call();
                    timed.computeIfAbsent(run.getKey(), k -> new ArrayList<>())
                            .add(new double[] {(System.nanoTime() - start) / 1e6, load});
                }
            }
            System.out.println("| run (village of 1 km, 3000 m buffer, foot+car, CH) | what it kept | median of " + pairs
                    + " | runs (ms) | load average before each run |");
            System.out.println("|---|---|---:|---|---|");
            for (Map.Entry<String, List<double[]>> row : timed.entrySet()) {
                double[] ms = row.getValue().stream().mapToDouble(r -> r[0]).toArray();
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f ms | %s | %s |%n", row.getKey(), what.get(row.getKey()),
                        median(ms), Arrays.stream(ms).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList(),
                        row.getValue().stream().map(r -> String.format(Locale.ROOT, "%.2f", r[1])).toList());
            }
            double a = median(timed.get(runs.keySet().toArray(String[]::new)[0]).stream().mapToDouble(r -> r[0]).toArray());
            double c = median(timed.get(runs.keySet().toArray(String[]::new)[1]).stream().mapToDouble(r -> r[0]).toArray());
            System.out.printf(Locale.ROOT, "%nA village's clip + import on the country extract costs **%.2f×** what it costs on Andorra's.%n", c / a);
        }
        if (streaming) {
            System.out.println();
            for (Path pbf : List.of(andorraPbf, countryPbf)) {
                ClipArea area = pbf.equals(andorraPbf) ? inAndorra : inCountry;
                double load = load();
                long start = System.nanoTime();
                ClipResult clip = OsmClipper.clip(pbf, area, fresh(work.resolve("s")).resolve("clip.osm.pbf"), ProgressListener.NONE);
                System.out.printf(Locale.ROOT, "- the streaming clip (two passes over the file, the clip before the index) of %s: %.0f ms, %,d ways kept (load %.2f)%n",
                        pbf.getFileName(), (System.nanoTime() - start) / 1e6, clip.ways(), load);
            }
        }
    }

    static String clipAndImport(ExtractIndex index, ClipArea area, RoutingPackConfig config, Path dir) throws Exception {
        fresh(dir);
        ClipResult clip = index.clip(area, new LongHashSet(), dir.resolve("clip.osm.pbf"), ProgressListener.NONE);
        try (RoutingGraph graph = new GraphImporter(config)
                .importGraph(clip.output(), dir.resolve("graph"), clip.dataTimestamp(), ProgressListener.NONE)) {
            return String.format(Locale.ROOT, "%,d ways, graph of %,d edges", clip.ways(), graph.edges());
        }
    }

    static String clipOnly(ExtractIndex index, ClipArea area, Path dir) throws Exception {
        fresh(dir);
        ClipResult clip = index.clip(area, new LongHashSet(), dir.resolve("clip.osm.pbf"), ProgressListener.NONE);
        return String.format(Locale.ROOT, "%,d ways of %,d", clip.ways(), clip.inputWays());
    }

    static Geometry village(double dLon, double dLat) {
        double r = 0.006; // about 500 m
        Coordinate[] ring = new Coordinate[13];
        for (int i = 0; i < 12; i++) {
            double angle = 2 * Math.PI * i / 12;
            ring[i] = new Coordinate(VILLAGE_LON + dLon + r * Math.cos(angle), VILLAGE_LAT + dLat + r * 0.74 * Math.sin(angle));
        }
        ring[12] = ring[0];
        return new GeometryFactory().createPolygon(ring);
    }

    static double load() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
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
