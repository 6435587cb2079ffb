package org.offlinepacks.boundarydata.campaign;

/**
 * The `packDefaults.tiles` object of campaign.json: where the map tiles come from and which zooms
 * a pack holds.
 *
 * @param source an XYZ URL template or {@code mbtiles:PATH} (a relative path is resolved against
 *     the campaign folder by the reader)
 * @param maxTiles the tile budget: a pack whose cover is larger is refused before fetching
 */
public record TileDefaults(String source, int minZoom, int maxZoom, double bufferM, long maxTiles) {
    public TileDefaults {
        if (minZoom < 0 || maxZoom > 22 || minZoom > maxZoom) {
            throw new IllegalArgumentException(
                    "tiles zoom range must satisfy 0 <= minZoom <= maxZoom <= 22, got " + minZoom + ".." + maxZoom);
        }
        if (bufferM < 0) {
            throw new IllegalArgumentException("tiles.bufferM must be >= 0, got " + bufferM);
        }
        if (maxTiles <= 0) {
            throw new IllegalArgumentException("tiles.maxTiles must be > 0, got " + maxTiles);
        }
    }

    /** These defaults with one boundary's override; IllegalArgumentException when that makes them invalid. */
    public TileDefaults overriddenBy(TileOverride override) {
        if (override == null) {
            return this;
        }
        return new TileDefaults(
                source,
                override.minZoom() == null ? minZoom : override.minZoom(),
                override.maxZoom() == null ? maxZoom : override.maxZoom(),
                bufferM,
                maxTiles);
    }
}
