package org.offlinepacks.tilepacker.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.geojson.Antimeridian;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
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
 * write the cover's tiles in the order of the MBTiles key (zoom, column, TMS row), so the same tiles always give the
 * same file. A failure at any step leaves no file at the target. A pack that lacks zooms of its
 * cover or has no attribution is built, with a warning to the {@link ProgressListener} and in the
 * result.
 */
public final class TilePackBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(TilePackBuilder.class);
    /** The progress step of a tile pack, under which its warnings are reported. */
    public static final String STEP = "tiles";

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
            Optional<FetchStats> fetchStats = source.prepare(cover, cover.count(), progress);
            fetchStats.ifPresent(stats -> stats.report(progress));
            String attribution = Optional.ofNullable(config.attribution())
                    .or(source::attribution)
                    .orElse(null);
            double[] bounds = boundsLonLat(boundaryLonLat);
            MbtilesMetadata metadata = new MbtilesMetadata(
                    config.name(),
                    source.format(),
                    bounds,
                    centreLonLat(boundaryLonLat, bounds),
                    config.minZoom(),
                    config.maxZoom(),
                    attribution,
                    null,
                    "1",
                    source.vectorLayersJson().orElse(null));
            Path file;
            long written;
            Map<Integer, Long> tilesByZoom;
            ProgressMeter meter = fetchStats.isPresent() ? null : new ProgressMeter("tiles", cover.count(), progress);
            try (MbtilesWriter writer = MbtilesWriter.create(target, metadata)) {
                source.copyInto(cover, writer, meter == null ? tiles -> {} : meter::advance);
                file = writer.finish();
                written = writer.tileCount();
                tilesByZoom = writer.tilesByZoom();
            } finally {
                if (meter != null) {
                    meter.end();
                }
            }
            long missing = cover.count() - written;
            List<String> warnings = new ArrayList<>();
            lackingZooms(target.getFileName().toString(), cover, tilesByZoom).ifPresent(warnings::add);
            if (attribution == null || attribution.isBlank()) {
                warnings.add(target.getFileName() + " has no attribution: none was given (campaign.json"
                        + " \"attribution\", tiles --attribution) and the source declares none (" + source.describe()
                        + "); map data and imagery licences usually require one");
            }
            warnings.forEach(warning -> progress.warn(STEP, warning));
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            TilePackResult result = new TilePackResult(
                    file,
                    estimate,
                    written,
                    missing,
                    tilesByZoom,
                    Files.size(file),
                    fetchStats.orElse(null),
                    warnings,
                    duration);
            LOG.info(
                    "tile pack {} done in {} ms: {} tiles written, {} not in the source, {} bytes, {} warnings",
                    target.getFileName(),
                    duration.toMillis(),
                    result.tilesWritten(),
                    missing,
                    result.bytes(),
                    warnings.size());
            return result;
        }
    }

    /**
     * The warning for a pack that lacks zooms of its cover (the source has no tile there), with the
     * tiles written and asked for at every zoom; empty when every zoom has tiles.
     */
    static Optional<String> lackingZooms(String fileName, PackCover cover, Map<Integer, Long> tilesByZoom) {
        List<Integer> lacking = cover.countsByZoom().entrySet().stream()
                .filter(e -> e.getValue() > 0 && tilesByZoom.getOrDefault(e.getKey(), 0L) == 0)
                .map(Map.Entry::getKey)
                .toList();
        if (lacking.isEmpty()) {
            return Optional.empty();
        }
        String perZoom = cover.countsByZoom().entrySet().stream()
                .map(e -> "z" + e.getKey() + " " + tilesByZoom.getOrDefault(e.getKey(), 0L) + "/" + e.getValue())
                .collect(Collectors.joining(", "));
        if (tilesByZoom.isEmpty()) {
            return Optional.of(fileName + " has no tile at all: the source has none of the cover's tiles (tiles"
                    + " written/in the cover per zoom: " + perZoom + ")");
        }
        int heldMin = Collections.min(tilesByZoom.keySet());
        int heldMax = Collections.max(tilesByZoom.keySet());
        return Optional.of(fileName + " lacks zoom "
                + lacking.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " of the z" + cover.minZoom() + "-" + cover.maxZoom() + " asked for: the source has no tile there"
                + " (tiles written/in the cover per zoom: " + perZoom + "); its metadata says z" + heldMin + "-"
                + heldMax + ", the zooms it holds");
    }

    /**
     * The boundary's bounds as MBTiles wants them (west, south, east, north), latitudes clamped.
     * Bounds never wrap (TileJSON 3.0): a boundary across 180° gets -180 to 180.
     */
    static double[] boundsLonLat(Geometry boundaryLonLat) {
        Envelope env = boundaryLonLat.getEnvelopeInternal();
        double max = WebMercator.MAX_LAT;
        double south = Math.max(-max, env.getMinY());
        double north = Math.min(max, env.getMaxY());
        double[] span = Antimeridian.longitudeSpan(boundaryLonLat);
        return span[1] > 180 ? new double[] {-180, south, 180, north} : new double[] {span[0], south, span[1], north};
    }

    /** The middle of the boundary's longitudes (across 180° when it crosses) and of its bounds' latitudes. */
    static double[] centreLonLat(Geometry boundaryLonLat, double[] bounds) {
        double[] span = Antimeridian.longitudeSpan(boundaryLonLat);
        double lon = (span[0] + span[1]) / 2;
        return new double[] {lon > 180 ? lon - 360 : lon, (bounds[1] + bounds[3]) / 2};
    }
}
