package org.offlinepacks.tilepacker.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;

/**
 * Run in a child JVM by {@link BoundedMemoryTest}: builds a small pack (to load every class), notes
 * its resident memory, builds the big pack, and prints the resident memory before it and the
 * process's peak ({@code VmHWM}) after, in KiB: {@code rss-before N} and {@code peak N}.
 *
 * <p>Arguments: the source archive, the output folder, and the bounding box as west south east
 * north.
 */
final class MemoryProbe {
    private MemoryProbe() {}

    public static void main(String[] args) throws IOException {
        Path archive = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Geometry box = new GeometryFactory()
                .toGeometry(new Envelope(
                        Double.parseDouble(args[2]),
                        Double.parseDouble(args[4]),
                        Double.parseDouble(args[3]),
                        Double.parseDouble(args[5])));
        TilePackConfig small = config(archive, 9, 9);
        new TilePackBuilder(small, null).build(box, out.resolve("warm-up.mbtiles"), ProgressListener.NONE);
        System.gc();
        long before = statusKib("VmRSS");
        TilePackConfig big = config(archive, BoundedMemoryTest.MIN_ZOOM, BoundedMemoryTest.MAX_ZOOM);
        new TilePackBuilder(big, null).build(box, out.resolve("big.mbtiles"), ProgressListener.NONE);
        System.out.println("rss-before " + before);
        System.out.println("peak " + statusKib("VmHWM"));
    }

    private static TilePackConfig config(Path archive, int minZoom, int maxZoom) {
        return TilePackConfig.builder("mbtiles:" + archive, minZoom, maxZoom)
                .maxTiles(1_000_000)
                .attribution("test")
                .build();
    }

    private static long statusKib(String field) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
        for (String line : lines) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }
}
