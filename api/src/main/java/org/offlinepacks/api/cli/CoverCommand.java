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

    @Override
    public Integer call() throws Exception {
        PackCover cover = CoverPlanner.plan(boundary.read(), zoom, zoom, boundary.bufferM);
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
