package org.offlinepacks.tilepacker.pack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tile counts per zoom and the expected size of a pack, known before anything is fetched.
 *
 * @param bytesPerTile average tile size: sampled from the source, or a typical value for the format
 * @param sampledTiles how many tiles the average comes from (0 when it is the typical value)
 */
public record TileEstimate(Map<Integer, Long> countsByZoom, long bytesPerTile, int sampledTiles) {
    public TileEstimate {
        countsByZoom = new LinkedHashMap<>(countsByZoom);
    }

    public long total() {
        return countsByZoom.values().stream().mapToLong(Long::longValue).sum();
    }

    public long estimatedBytes() {
        return total() * bytesPerTile;
    }

    /** One line per zoom, the total and the size, for consoles and error messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        countsByZoom.forEach((z, n) -> sb.append(String.format(Locale.ROOT, "  z%-2d %,12d tiles%n", z, n)));
        sb.append(String.format(
                Locale.ROOT,
                "  all %,12d tiles, about %s (%s per tile, %s)",
                total(),
                humanBytes(estimatedBytes()),
                humanBytes(bytesPerTile),
                sampledTiles > 0 ? "sampled from " + sampledTiles + " source tiles" : "typical for the format"));
        return sb.toString();
    }

    public static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
