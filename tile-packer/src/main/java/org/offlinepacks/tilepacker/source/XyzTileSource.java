package org.offlinepacks.tilepacker.source;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.CachedTile;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.fetch.FetchStats;
import org.offlinepacks.tilepacker.fetch.TileFetcher;
import org.offlinepacks.tilepacker.format.TileFormat;

/** Tiles from an XYZ server, fetched into the shared cache and read back from it. */
public final class XyzTileSource implements TileSource {
    private final XyzTemplate template;
    private final TileFormat format;
    private final TileCache cache;
    private final TileFetcher fetcher;
    private final String attribution;
    private final TilePackConfig config;
    private Optional<String> vectorLayersJson;

    private XyzTileSource(
            TilePackConfig config, XyzTemplate template, TileFormat format, TileCache cache, Clock clock) {
        this.template = template;
        this.format = format;
        this.cache = cache;
        this.fetcher = new TileFetcher(config, template, format, cache, clock);
        this.attribution = config.attribution();
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

    @Override
    public Optional<String> attribution() {
        return Optional.ofNullable(attribution);
    }

    @Override
    public synchronized Optional<String> vectorLayersJson() {
        if (format != TileFormat.PBF) {
            return Optional.empty();
        }
        if (vectorLayersJson == null) {
            String url = config.tileJsonUrl() != null ? config.tileJsonUrl() : TileJsonReader.defaultUrl(template);
            vectorLayersJson = TileJsonReader.vectorLayersJson(url, config.userAgent(), config.readTimeout());
        }
        return vectorLayersJson;
    }

    @Override
    public Optional<FetchStats> prepare(List<TileId> tiles, ProgressListener progress) throws IOException {
        return Optional.of(fetcher.fetchAll(tiles, progress));
    }

    @Override
    public Optional<byte[]> read(TileId tile) {
        return cache.get(template.cacheKey(), tile).map(CachedTile::data);
    }

    @Override
    public void close() {
        // the cache belongs to the caller
    }
}
