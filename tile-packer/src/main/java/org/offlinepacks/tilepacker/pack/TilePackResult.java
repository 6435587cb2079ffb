package org.offlinepacks.tilepacker.pack;

import java.nio.file.Path;
import java.time.Duration;
import org.offlinepacks.tilepacker.fetch.FetchStats;

/**
 * What a tile pack build produced.
 *
 * @param estimate the cover's counts per zoom
 * @param tilesWritten tiles in the MBTiles
 * @param tilesMissing cover tiles the source does not have (404/204, absent from the archive)
 * @param fetchStats the fetch counters for a server source, null for an archive
 */
public record TilePackResult(
        Path file,
        TileEstimate estimate,
        long tilesWritten,
        long tilesMissing,
        long bytes,
        FetchStats fetchStats,
        Duration duration) {}
