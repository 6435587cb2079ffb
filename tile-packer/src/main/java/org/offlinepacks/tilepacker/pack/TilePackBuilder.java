package org.offlinepacks.tilepacker.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.cover.WebMercator;
import org.offlinepacks.tilepacker.fetch.FetchStats;
import org.offlinepacks.tilepacker.fetch.ProgressMeter;
import org.offlinepacks.tilepacker.mbtiles.MbtilesMetadata;
import org.offlinepacks.tilepacker.mbtiles.MbtilesWriter;
import org.offlinepacks.tilepacker.source.TileSource;
import org.offlinepacks.tilepacker.source.TileSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the MBTiles of one boundary: cover → budget check → fetch into the cache (server) →
 * write the cover's tiles in a fixed order (zoom, row, column), so the same tiles always give the
 * same file. A failure at any step leaves no file at the target.
 */
public final class TilePackBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TilePackBuilder.class);

    private final TilePackConfig config;
    private final TileCache cache;
    private final Clock clock;

    /** {@code cache} may be null for an MBTiles source. */
    public TilePackBuilder(TilePackConfig config, TileCache cache, Clock clock) {
        this.config = config;
        this.cache = cache;
        this.clock = clock;
    }

    public TilePackBuilder(TilePackConfig config, TileCache cache) {
        this(config, cache, Clock.systemUTC());
    }

    public PackCover cover(Geometry boundaryLonLat) {
        return CoverPlanner.plan(boundaryLonLat, config.minZoom(), config.maxZoom(), config.bufferM());
    }

    public TilePackResult build(Geometry boundaryLonLat, Path target, ProgressListener progress) throws IOException {
        long start = System.nanoTime();
        PackCover cover = cover(boundaryLonLat);
        LOG.info(
                "tile pack {}: z{}-{}, buffer {} m, {} tiles from {}",
                target.getFileName(),
                config.minZoom(),
                config.maxZoom(),
                config.bufferM(),
                cover.count(),
                config.source());
        try (TileSource source = TileSources.open(config, cache, clock)) {
            TileEstimate estimate = TileEstimator.estimate(cover, source.format());
            if (cover.count() > config.maxTiles()) {
                throw new TileBudgetExceededException(estimate, config.maxTiles());
            }
            List<TileId> tiles = new ArrayList<>((int) cover.count());
            cover.forEach(tiles::add);
            Optional<FetchStats> fetchStats = source.prepare(tiles, progress);
            MbtilesMetadata metadata = new MbtilesMetadata(
                    config.name(),
                    source.format(),
                    boundsLonLat(boundaryLonLat),
                    config.minZoom(),
                    config.maxZoom(),
                    Optional.ofNullable(config.attribution())
                            .or(source::attribution)
                            .orElse(null),
                    null,
                    "1",
                    source.vectorLayersJson().orElse(null));
            long missing = 0;
            Path file;
            ProgressMeter meter = fetchStats.isPresent() ? null : new ProgressMeter("tiles", tiles.size(), progress);
            try (MbtilesWriter writer = MbtilesWriter.create(target, metadata)) {
                for (TileId tile : tiles) {
                    Optional<byte[]> data = source.read(tile);
                    if (data.isPresent()) {
                        writer.writeTile(tile, data.get());
                    } else {
                        missing++;
                    }
                    if (meter != null) {
                        meter.advance();
                    }
                }
                file = writer.finish();
            } finally {
                if (meter != null) {
                    meter.end();
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            TilePackResult result = new TilePackResult(
                    file,
                    estimate,
                    tiles.size() - missing,
                    missing,
                    Files.size(file),
                    fetchStats.orElse(null),
                    duration);
            LOG.info(
                    "tile pack {} done in {} ms: {} tiles written, {} not in the source, {} bytes",
                    target.getFileName(),
                    duration.toMillis(),
                    result.tilesWritten(),
                    missing,
                    result.bytes());
            return result;
        }
    }

    /** The boundary's bounds as MBTiles wants them (west, south, east, north), latitudes clamped. */
    static double[] boundsLonLat(Geometry boundaryLonLat) {
        Envelope env = boundaryLonLat.getEnvelopeInternal();
        double max = WebMercator.MAX_LAT;
        return new double[] {env.getMinX(), Math.max(-max, env.getMinY()), env.getMaxX(), Math.min(max, env.getMaxY())};
    }
}
