package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.tiles.MbtilesTileServer;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignSettings;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;

class TilesPartWriterTest {
    @TempDir
    Path dir;

    private static final Path SAMPLE_RASTER = PackFixtures.SAMPLE_CAMPAIGN.resolve("../andorra-raster-z9-15.mbtiles");

    /** Counts begin/update/end calls of the "tiles" step. */
    private static final class RecordingProgress implements ProgressListener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void begin(String step, long total) {
            events.add("begin " + step + " " + total);
        }

        @Override
        public synchronized void update(String step, long done) {}

        @Override
        public synchronized void end(String step, long done) {
            events.add("end " + step + " " + done);
        }
    }

    @Test
    void packTilesComeOverHttpThroughTheSharedCacheAndVerify() throws IOException {
        PackInput input = PackFixtures.input(PackFixtures.ANDORRA_LA_VELLA);
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path dataDir = dir.resolve("data");
        RecordingProgress progress = new RecordingProgress();
        try (MbtilesTileServer server = MbtilesTileServer.start(SAMPLE_RASTER, "127.0.0.1", 0)) {
            PartWriter writer = new TilesPartWriter(new BuildOptions(dataDir, server.urlTemplate()));
            List<PackPart> parts = writer.write(input, staging, progress);
            assertEquals(
                    List.of(new PackPart(
                            "tiles", "tiles.mbtiles", "application/vnd.mbtiles", "tiles: tile server 127.0.0.1")),
                    parts);
        }
        assertTrue(Files.exists(TileCache.fileIn(dataDir)));
        assertEquals(List.of(), new MbtilesPartVerifier().verify(staging, "tiles.mbtiles"));
        assertTrue(progress.events.get(0).startsWith("begin tiles "), progress.events.toString());
        try (MbtilesReader pack = MbtilesReader.open(staging.resolve("tiles.mbtiles"));
                MbtilesReader source = MbtilesReader.open(SAMPLE_RASTER)) {
            assertEquals("9", pack.metadata().get("minzoom"));
            assertEquals("15", pack.metadata().get("maxzoom"));
            pack.forEachTile((tile, data) -> assertArrayEquals(source.tile(tile).orElseThrow(), data, "tile " + tile));
        }
    }

    @Test
    void archiveSourceAndServerSourceGiveTheSameBytes() throws IOException {
        PackInput input = PackFixtures.input(PackFixtures.ANDORRA_LA_VELLA);
        Path fromArchive = Files.createDirectories(dir.resolve("a"));
        Path fromServer = Files.createDirectories(dir.resolve("b"));
        new TilesPartWriter(new BuildOptions(dir.resolve("data"), null))
                .write(input, fromArchive, ProgressListener.NONE);
        try (MbtilesTileServer server = MbtilesTileServer.start(SAMPLE_RASTER, "127.0.0.1", 0)) {
            new TilesPartWriter(new BuildOptions(dir.resolve("data"), server.urlTemplate()))
                    .write(input, fromServer, ProgressListener.NONE);
        }
        // Same part, so the same sha256, whichever way the tiles came.
        assertArrayEquals(
                Files.readAllBytes(fromArchive.resolve("tiles.mbtiles")),
                Files.readAllBytes(fromServer.resolve("tiles.mbtiles")));
        try (MbtilesReader pack = MbtilesReader.open(fromServer.resolve("tiles.mbtiles"))) {
            assertEquals("© OpenStreetMap contributors", pack.metadata().get("attribution"));
        }
    }

    @Test
    void noTilesPartWhenTheCampaignHasNoTileDefaults() throws IOException {
        PackInput input = PackFixtures.input(PackFixtures.ANDORRA_LA_VELLA);
        Campaign campaign = input.campaign();
        CampaignSettings s = campaign.settings();
        Campaign withoutTiles = new Campaign(
                campaign.folder(),
                new CampaignSettings(s.id(), s.name(), s.locales(), s.attribution(), null, s.routing()),
                campaign.boundaries(),
                campaign.points(),
                campaign.forms(),
                campaign.localizations(),
                campaign.sosContacts());
        List<PackPart> parts = new TilesPartWriter(new BuildOptions(dir, null))
                .write(new PackInput(withoutTiles, input.boundary(), input.points()), dir, ProgressListener.NONE);
        assertEquals(List.of(), parts);
    }
}
