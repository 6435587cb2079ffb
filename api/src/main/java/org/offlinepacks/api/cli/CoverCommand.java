package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "cover",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the tiles (z/x/y, XYZ scheme) whose square intersects the boundary buffered by --buffer-m.",
            "Example: cover --boundary-file sample-data/andorra/boundaries.geojson --zoom 12 --buffer-m 250"
        })
final class CoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BoundaryOptions boundary = new BoundaryOptions();

    @Option(names = "--zoom", required = true, paramLabel = "Z", description = "Zoom level (0-24).")
    int zoom;

    @Option(names = "--count", description = "Print only the number of tiles.")
    boolean countOnly;

    @Option(names = "--stats", description = "Also print the tile count and the computation time to stderr.")
    boolean stats;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description = "With --stats: compute the cover N times and report the first and the fastest run"
                    + " (for benchmarks; default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        var geometry = boundary.read(spec.commandLine().getErr());
        PackCover cover = null;
        long firstNanos = 0;
        long bestNanos = Long.MAX_VALUE;
        for (int run = 0; run < Math.max(1, repeat); run++) {
            long start = System.nanoTime();
            cover = CoverPlanner.plan(geometry, zoom, zoom, boundary.bufferM);
            long nanos = System.nanoTime() - start;
            firstNanos = run == 0 ? nanos : firstNanos;
            bestNanos = Math.min(bestNanos, nanos);
        }
        if (stats) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "cover z%d: %d tiles, %d vertices: first run %.1f ms, fastest of %d %.1f ms%n",
                            zoom,
                            cover.count(),
                            geometry.getNumPoints(),
                            firstNanos / 1e6,
                            Math.max(1, repeat),
                            bestNanos / 1e6);
            spec.commandLine().getErr().flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (countOnly) {
            out.println(cover.count());
        } else {
            StringBuilder lines = new StringBuilder();
            cover.forEach(tile -> lines.append(tile).append('\n'));
            out.print(lines);
        }
        out.flush();
        return 0;
    }
}
