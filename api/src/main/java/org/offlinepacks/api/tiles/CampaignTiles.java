package org.offlinepacks.api.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.bundle.TilesPartWriter;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.TileDefaults;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.source.MbtilesArchive;

/**
 * The map tiles the console shows under a campaign's boundaries, only ever from the service's own
 * files: the campaign's MBTiles archive when its tile source is one, else the tiles parts of the
 * current packs of the user's boundaries. Never a tile server: the console must not send the
 * planners' browsers to a public one.
 */
public final class CampaignTiles implements AutoCloseable {
    /** One tile and its format. */
    public record Tile(byte[] data, TileFormat format) {}

    private final CampaignCatalog campaigns;
    private final PackRepository packs;
    private final BuildOptions options;
    private final Map<Path, MbtilesReader> readers = new ConcurrentHashMap<>();

    public CampaignTiles(CampaignCatalog campaigns, PackRepository packs, BuildOptions options) {
        this.campaigns = campaigns;
        this.packs = packs;
        this.options = options;
    }

    public Optional<Tile> tile(User user, TileId tile) throws IOException {
        for (Path archive : archives(user)) {
            MbtilesReader reader = reader(archive);
            Optional<byte[]> data = reader.tile(tile);
            if (data.isPresent()) {
                return Optional.of(new Tile(data.get(), reader.format().orElse(TileFormat.PNG)));
            }
        }
        return Optional.empty();
    }

    private List<Path> archives(User user) throws IOException {
        Campaign campaign = campaigns.campaign(user.campaignId());
        Optional<TileDefaults> defaults = campaign.settings().tileDefaults();
        List<Path> archives = new ArrayList<>();
        if (defaults.isPresent()
                && new TilesPartWriter(options)
                                .config(campaign, defaults.get(), null)
                                .sourceSpec()
                        instanceof MbtilesArchive archive
                && Files.isRegularFile(archive.path())) {
            archives.add(archive.path());
            return archives;
        }
        AccessPolicy policy = campaigns.policy(user.campaignId());
        for (Boundary boundary : campaign.boundaries()) {
            if (!policy.mayRead(user, boundary.id())) {
                continue;
            }
            Optional<PublishedPack> pack = packs.current(boundary.id());
            if (pack.isPresent()) {
                try {
                    archives.add(packs.file(pack.get(), TilesPartWriter.PART_PATH));
                } catch (java.nio.file.NoSuchFileException e) {
                    // a pack without a tiles part
                }
            }
        }
        return archives;
    }

    private MbtilesReader reader(Path archive) {
        return readers.computeIfAbsent(archive, path -> {
            try {
                return MbtilesReader.open(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the tile archive " + path, e);
            }
        });
    }

    @Override
    public void close() {
        readers.values().forEach(reader -> {
            try {
                reader.close();
            } catch (IOException e) {
                // closing a read-only archive: nothing to keep
            }
        });
    }
}
