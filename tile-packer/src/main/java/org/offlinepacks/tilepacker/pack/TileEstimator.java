package org.offlinepacks.tilepacker.pack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.source.TileSource;

/** Estimates a pack's size from its cover, sampling tile sizes from the source when there is one. */
public final class TileEstimator {
    public static final int DEFAULT_SAMPLES_PER_ZOOM = 4;

    private TileEstimator() {}

    /** Typical sizes of a 256 px tile (raster) or a vector tile, used when there is nothing to sample. */
    public static long typicalBytes(TileFormat format) {
        return switch (format) {
            case PNG -> 20_000;
            case JPG -> 18_000;
            case WEBP -> 12_000;
            case PBF -> 30_000;
        };
    }

    public static TileEstimate estimate(PackCover cover, TileFormat format) {
        return new TileEstimate(cover.countsByZoom(), typicalBytes(format), 0);
    }

    /**
     * Samples a few tiles per zoom, spread over the cover, from the source (for a server they go
     * through the cache, so the build reuses them).
     */
    public static TileEstimate estimate(PackCover cover, TileSource source, int samplesPerZoom) throws IOException {
        List<TileId> sample = new ArrayList<>();
        for (TileCover zoomCover : cover.byZoom()) {
            sample.addAll(zoomCover.sample(samplesPerZoom));
        }
        source.prepare(sample, sample.size(), ProgressListener.NONE);
        long bytes = 0;
        int found = 0;
        for (TileId tile : sample) {
            var data = source.read(tile);
            if (data.isPresent()) {
                bytes += data.get().length;
                found++;
            }
        }
        if (found == 0) {
            return estimate(cover, source.format());
        }
        return new TileEstimate(cover.countsByZoom(), bytes / found, found);
    }
}
