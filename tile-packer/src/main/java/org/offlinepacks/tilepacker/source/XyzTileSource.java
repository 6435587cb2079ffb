package org.offlinepacks.tilepacker.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.CachedTile;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.ColumnRun;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.fetch.FetchStats;
import org.offlinepacks.tilepacker.fetch.TileFetcher;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiles from an XYZ server, fetched into the shared cache and read back from it. The server's
 * TileJSON ({@link TilePackConfig#tileJsonUrl()}, else {@code tiles.json} at the template's root)
 * gives the attribution and, for vector tiles, the vector layers; it is read once, when first
 * needed.
 */
public final class XyzTileSource implements TileSource {
    private static final Logger LOG = LoggerFactory.getLogger(XyzTileSource.class);

    private final XyzTemplate template;
    private final TileFormat format;
    private final TileCache cache;
    private final TileFetcher fetcher;
    private final TilePackConfig config;
    private Optional<JsonNode> tileJson;

    private XyzTileSource(
            TilePackConfig config, XyzTemplate template, TileFormat format, TileCache cache, Clock clock) {
        this.template = template;
        this.format = format;
        this.cache = cache;
        this.fetcher = new TileFetcher(config, template, format, cache, clock);
        this.config = config;
    }

    public static XyzTileSource open(TilePackConfig config, XyzTemplate template, TileCache cache, Clock clock) {
        TileFormat format = Optional.ofNullable(config.format())
                .or(template::formatFromExtension)
                .orElseThrow(() -> new IllegalArgumentException("cannot tell the tile format of '" + template.template()
                        + "' from its extension: give the format (png, jpg, webp, pbf) explicitly"));
        return new XyzTileSource(config, template, format, cache, clock);
    }

    public TileFetcher fetcher() {
        return fetcher;
    }

    @Override
    public TileFormat format() {
        return format;
    }

    /** What the server's TileJSON names as attribution, as plain text. */
    @Override
    public Optional<String> attribution() {
        return tileJson().flatMap(TileJsonReader::attribution);
    }

    @Override
    public Optional<String> vectorLayersJson() {
        if (format != TileFormat.PBF) {
            return Optional.empty();
        }
        Optional<String> layers = tileJson().flatMap(TileJsonReader::vectorLayersJson);
        if (layers.isEmpty()) {
            LOG.warn("no vector_layers in a TileJSON at {}: the pack's will be empty", tileJsonUrl());
        }
        return layers;
    }

    private synchronized Optional<JsonNode> tileJson() {
        if (tileJson == null) {
            tileJson = TileJsonReader.read(tileJsonUrl(), config.userAgent(), config.readTimeout());
        }
        return tileJson;
    }

    private String tileJsonUrl() {
        return config.tileJsonUrl() != null ? config.tileJsonUrl() : TileJsonReader.defaultUrl(template);
    }

    @Override
    public String describe() {
        return "tile server " + template.template() + " (TileJSON " + tileJsonUrl() + ")";
    }

    @Override
    public Optional<FetchStats> prepare(Iterable<TileId> tiles, long count, ProgressListener progress)
            throws IOException {
        return Optional.of(fetcher.fetchAll(tiles, count, progress));
    }

    @Override
    public Optional<byte[]> read(TileId tile) {
        return cache.get(template.cacheKey(), tile).map(CachedTile::data);
    }

    @Override
    public void readColumn(ColumnRun run, MbtilesReader.TileVisitor visitor) throws IOException {
        cache.readColumn(template.cacheKey(), run, visitor);
    }

    @Override
    public void close() {
        // the cache belongs to the caller
    }
}
