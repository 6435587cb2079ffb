package org.offlinepacks.tilepacker.source;

import java.io.IOException;
import java.time.Clock;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;

/** Opens the source a config names. */
public final class TileSources {
    private TileSources() {}

    /** {@code cache} is needed for XYZ servers and ignored for archives. */
    public static TileSource open(TilePackConfig config, TileCache cache, Clock clock) throws IOException {
        TileSourceSpec spec = config.sourceSpec();
        if (spec instanceof MbtilesArchive archive) {
            return MbtilesTileSource.open(archive);
        }
        if (cache == null) {
            throw new IllegalArgumentException("a tile cache is needed to fetch from " + config.source());
        }
        return XyzTileSource.open(config, (XyzTemplate) spec, cache, clock);
    }
}
