package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.TileDefaults;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.pack.TilePackBuilder;
import org.offlinepacks.tilepacker.source.MbtilesArchive;
import org.offlinepacks.tilepacker.source.TileSourceSpec;
import org.offlinepacks.tilepacker.source.XyzTemplate;

/**
 * The {@code tiles} part: the boundary's map tiles as {@code tiles.mbtiles}, from the campaign's
 * tile defaults (no part when the campaign has none), with {@link BuildOptions#tileSource()}
 * replacing the source, through the shared tile cache in the data folder.
 */
public final class TilesPartWriter implements PartWriter {
    public static final String PART_NAME = "tiles";
    public static final String PART_PATH = "tiles.mbtiles";
    public static final String MEDIA_TYPE = "application/vnd.mbtiles";

    private final BuildOptions options;

    public TilesPartWriter(BuildOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return PART_NAME;
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        Campaign campaign = input.campaign();
        Optional<TileDefaults> tileDefaults = tileSettings(input);
        if (tileDefaults.isEmpty()) {
            return List.of();
        }
        TilePackConfig config =
                config(campaign, tileDefaults.get(), input.boundary().name());
        boolean fromServer = !(config.sourceSpec() instanceof MbtilesArchive);
        try (TileCache cache = fromServer ? openCache() : null) {
            new TilePackBuilder(config, cache)
                    .build(input.boundary().geometry(), stagingDir.resolve(PART_PATH), progress);
        }
        return List.of(new PackPart(PART_NAME, PART_PATH, MEDIA_TYPE, describe(config.sourceSpec())));
    }

    private TileCache openCache() throws IOException {
        return options.tileCache() != null
                ? TileCache.open(options.tileCache())
                : TileCache.open(TileCache.fileIn(options.dataDir()));
    }

    private static String againstFolder(String source, Path folder) {
        if (TileSourceSpec.parse(source) instanceof MbtilesArchive archive && folder != null) {
            return TileSourceSpec.MBTILES_PREFIX
                    + archive.resolveAgainst(folder).path();
        }
        return source;
    }

    /**
     * The boundary's version and the tile configuration: a forms or SOS change leaves both alone,
     * so the map is reused, not fetched again (tiles the source changed since are picked up by the
     * next rebuild that changes the boundary or the configuration).
     */
    @Override
    public Optional<String> inputsKey(PackInput input) {
        return tileSettings(input)
                .map(defaults -> InputsKey.of(
                        "tiles/1",
                        input.boundary().version(),
                        config(input.campaign(), defaults, input.boundary().name())
                                .toString()));
    }

    /** The campaign's tile defaults with the boundary's override, if the packs carry a map. */
    private static Optional<TileDefaults> tileSettings(PackInput input) {
        String boundaryId = input.boundary().id();
        try {
            return input.campaign().settings().tilesFor(boundaryId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the tile settings of boundary " + boundaryId + " (packOverrides in campaign.json) are invalid: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The source as the manifest names it: an archive by its file name, a server by its host. */
    private static String describe(TileSourceSpec source) {
        if (source instanceof MbtilesArchive archive) {
            return "tiles: MBTiles archive " + archive.path().getFileName();
        }
        return "tiles: tile server "
                + ((XyzTemplate) source).uri(new TileId(0, 0, 0)).getHost();
    }

    /** The tile-packer configuration of a boundary's tiles part. */
    public TilePackConfig config(Campaign campaign, TileDefaults defaults, String boundaryName) {
        // the campaign's own archive is relative to its folder; an override is the user's, relative to where they are
        String source = options.tileSource().orElseGet(() -> againstFolder(defaults.source(), campaign.folder()));
        String campaignName = Optional.ofNullable(campaign.settings().name())
                .orElse(campaign.settings().id());
        return TilePackConfig.builder(source, defaults.minZoom(), defaults.maxZoom())
                .bufferM(defaults.bufferM())
                .maxTiles(defaults.maxTiles())
                .attribution(campaign.settings().attribution())
                .name(boundaryName == null ? campaignName : campaignName + " - " + boundaryName)
                .build();
    }
}
