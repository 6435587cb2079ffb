package org.offlinepacks.tilepacker.pack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.offlinepacks.tilepacker.fetch.FetchStats;

/**
 * What a tile pack build produced.
 *
 * @param estimate the cover's counts per zoom
 * @param tilesWritten tiles in the MBTiles
 * @param tilesMissing cover tiles the source does not have (404/204, absent from the archive)
 * @param tilesByZoom tiles in the MBTiles per zoom, only zooms that have some
 * @param fetchStats the fetch counters for a server source, null for an archive
 * @param warnings what the pack lacks (zooms of its cover, attribution), as sentences
 */
public record TilePackResult(
        Path file,
        TileEstimate estimate,
        long tilesWritten,
        long tilesMissing,
        Map<Integer, Long> tilesByZoom,
        long bytes,
        FetchStats fetchStats,
        List<String> warnings,
        Duration duration) {
    public TilePackResult {
        tilesByZoom = Collections.unmodifiableMap(new TreeMap<>(tilesByZoom));
        warnings = List.copyOf(warnings);
    }
}
