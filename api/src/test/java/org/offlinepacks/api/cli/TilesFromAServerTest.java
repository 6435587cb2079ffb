package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.TestTileServer.Fault;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;

/**
 * The {@code tiles} and {@code build} commands against tile servers on 127.0.0.1 that misbehave:
 * bodies cut short, a cache poisoned by an older version, zooms the server does not have, a
 * TileJSON with the attribution and a server with none.
 */
class TilesFromAServerTest {
    private static final String BOUNDARIES =
            PackFixtures.SAMPLE_CAMPAIGN.resolve("boundaries.geojson").toString();

    @TempDir
    Path dir;

    private final Map<TileId, byte[]> raster = tilesOf(TestData.rasterMbtiles());

    private static Map<TileId, byte[]> tilesOf(Path mbtiles) {
        try {
            return TestTileServer.tilesOf(mbtiles);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<TileId, byte[]> upToZoom(Map<TileId, byte[]> tiles, int maxZoom) {
        Map<TileId, byte[]> kept = new ConcurrentHashMap<>();
        tiles.forEach((tile, data) -> {
            if (tile.z() <= maxZoom) {
                kept.put(tile, data);
            }
        });
        return kept;
    }

    private CommandRun tiles(String source, int minZoom, int maxZoom, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "tiles",
                "--boundary-file",
                BOUNDARIES,
                "--feature",
                PackFixtures.ANDORRA_LA_VELLA,
                "--source",
                source,
                "--min-zoom",
                Integer.toString(minZoom),
                "--max-zoom",
                Integer.toString(maxZoom),
                "--out",
                out.toString(),
                "--data-dir",
                dir.resolve("data").toString()));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** The cover tiles of Andorra la Vella at a zoom that the source has. */
    private List<TileId> coverInSource(int zoom) {
        return CoverPlanner.plan(
                        BoundaryFileReader.read(Path.of(BOUNDARIES), PackFixtures.ANDORRA_LA_VELLA), zoom, zoom, 0)
                .byZoom()
                .get(0)
                .tiles()
                .stream()
                .filter(raster::containsKey)
                .toList();
    }

    private static Map<TileId, byte[]> packTiles(Path mbtiles) throws IOException {
        Map<TileId, byte[]> tiles = new ConcurrentHashMap<>();
        try (MbtilesReader reader = MbtilesReader.open(mbtiles)) {
            reader.forEachTile(tiles::put);
        }
        return tiles;
    }

    private static Map<String, String> metadata(Path mbtiles) throws IOException {
        try (MbtilesReader reader = MbtilesReader.open(mbtiles)) {
            return reader.metadata();
        }
    }

    @Test
    void aBodyCutShortIsFetchedAgainAndNeverCached() throws Exception {
        List<TileId> z13 = coverInSource(13);
        TileId truncated = z13.get(0);
        TileId dropped = z13.get(1);
        Path out = dir.resolve("alv.mbtiles");
        try (TestTileServer server = new TestTileServer(raster)) {
            // a third of the PNG with a Content-Length saying that is all, twice
            server.inject(truncated, Fault.TRUNCATED, Fault.TRUNCATED);
            // a Content-Length of 5000 and 10 bytes sent before the connection closes
            server.inject(dropped, Fault.DROP);

            CommandRun run = tiles(server.urlTemplate(), 9, 13, out, "--attribution", "© test");

            assertEquals(0, run.exitCode(), run.err());
            // the two thirds, and the dropped connection's body, cut short of its Content-Length
            assertTrue(run.out().contains("3 broken bodies"), run.out());
            try (TileCache cache = TileCache.open(TileCache.fileIn(dir.resolve("data")))) {
                assertArrayEquals(
                        raster.get(truncated),
                        cache.get(server.urlTemplate(), truncated).orElseThrow().data(),
                        "the cache holds the whole tile");
            }
        }
        Map<TileId, byte[]> packed = packTiles(out);
        assertArrayEquals(raster.get(truncated), packed.get(truncated));
        assertArrayEquals(raster.get(dropped), packed.get(dropped));
        assertEquals(List.of(), MbtilesValidator.validate(out));
    }

    @Test
    void aBrokenTileCachedByAnOlderVersionIsEvictedAndFetchedAgain() throws Exception {
        TileId poisoned = coverInSource(13).get(0);
        Path out = dir.resolve("alv.mbtiles");
        try (TestTileServer server = new TestTileServer(raster)) {
            // The cache as an older version left it: no checked column, a third of a PNG, fresh.
            Path cacheFile = TileCache.fileIn(Files.createDirectories(dir.resolve("data")));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cacheFile);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE cached_tile (source TEXT NOT NULL, z INTEGER NOT NULL,"
                        + " x INTEGER NOT NULL, y INTEGER NOT NULL, data BLOB, etag TEXT, last_modified TEXT,"
                        + " fetched_at INTEGER NOT NULL, PRIMARY KEY (source, z, x, y))");
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO cached_tile VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)")) {
                    insert.setString(1, server.urlTemplate());
                    insert.setInt(2, poisoned.z());
                    insert.setInt(3, poisoned.x());
                    insert.setInt(4, poisoned.y());
                    byte[] whole = raster.get(poisoned);
                    insert.setBytes(5, Arrays.copyOf(whole, whole.length / 3));
                    insert.setLong(6, System.currentTimeMillis());
                    insert.executeUpdate();
                }
            }

            CommandRun run = tiles(server.urlTemplate(), 13, 13, out, "--attribution", "© test");

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("1 broken cached tiles evicted"), run.out());
            assertTrue(
                    server.log().stream().anyMatch(r -> poisoned.equals(r.tile()) && r.status() == 200),
                    "fetched again");
        }
        assertArrayEquals(raster.get(poisoned), packTiles(out).get(poisoned));
        assertEquals(List.of(), MbtilesValidator.validate(out));
    }

    @Test
    void aServerWithoutTheTopZoomsGivesAFileThatSaysSoAndAWarningWithCountsPerZoom() throws Exception {
        Path out = dir.resolve("alv.mbtiles");
        try (TestTileServer server = new TestTileServer(upToZoom(raster, 13))) {
            CommandRun run = tiles(server.urlTemplate(), 9, 15, out, "--attribution", "© test");

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(
                    run.err().contains("WARNING tiles: alv.mbtiles lacks zoom 14, 15 of the z9-15 asked for"),
                    run.err());
            assertTrue(run.err().matches("(?s).*z13 \\d+/\\d+, z14 0/\\d+, z15 0/\\d+.*"), run.err());
            assertTrue(run.out().contains("tiles per zoom: z9 "), run.out());
            assertFalse(run.out().contains("z14"), run.out());
        }
        Map<String, String> metadata = metadata(out);
        assertEquals("9", metadata.get("minzoom"));
        assertEquals("13", metadata.get("maxzoom"), "the metadata states the zooms the file holds");
        assertEquals(List.of(), MbtilesValidator.validate(out));
    }

    @Test
    void aVectorPackStatesTheZoomsItHoldsInItsLayersToo() throws Exception {
        Map<TileId, byte[]> vector = tilesOf(TestData.vectorMbtiles());
        Path out = dir.resolve("alv-vector.mbtiles");
        try (TestTileServer server = new TestTileServer(upToZoom(vector, 12))) {
            server.tileJson = "{\"tilejson\":\"3.0.0\",\"attribution\":\"© test\",\"vector_layers\":"
                    + "[{\"id\":\"roads\",\"fields\":{},\"minzoom\":0,\"maxzoom\":14},"
                    + "{\"id\":\"buildings\",\"fields\":{},\"minzoom\":13,\"maxzoom\":14}]}";
            CommandRun run = tiles(server.urlTemplate("pbf"), 10, 14, out);
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("lacks zoom 13, 14 of the z10-14 asked for"), run.err());
        }
        Map<String, String> metadata = metadata(out);
        assertEquals("10", metadata.get("minzoom"));
        assertEquals("12", metadata.get("maxzoom"));
        JsonNode layers = new ObjectMapper().readTree(metadata.get("json")).get("vector_layers");
        assertEquals(1, layers.size(), "no zoom of the buildings layer is in the file: " + layers);
        assertEquals("roads", layers.get(0).get("id").asText());
        assertEquals(10, layers.get(0).get("minzoom").asInt());
        assertEquals(12, layers.get(0).get("maxzoom").asInt());
    }

    @Test
    void theBuildOutputWarnsOfMissingZoomsWithCountsPerZoom() throws Exception {
        Path campaign = SampleCampaign.copyTo(dir.resolve("campaign"));
        CommandRun build;
        try (TestTileServer server = new TestTileServer(upToZoom(raster, 14))) {
            build = CommandRun.of(
                    "build",
                    "--campaign",
                    campaign.toString(),
                    "--boundary",
                    PackFixtures.ANDORRA_LA_VELLA,
                    "--out",
                    dir.resolve("data").toString(),
                    "--tile-source",
                    server.urlTemplate());
        }
        assertEquals(0, build.exitCode(), build.err());
        assertTrue(
                build.err().contains("WARNING tiles: tiles.mbtiles lacks zoom 15 of the z9-15 asked for"), build.err());
        assertTrue(build.err().matches("(?s).*z14 \\d+/\\d+, z15 0/\\d+.*"), build.err());
        Path manifest = Path.of(build.outLines().get(build.outLines().size() - 1));
        assertEquals("14", metadata(manifest.resolveSibling("tiles.mbtiles")).get("maxzoom"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "pbf"})
    void theAttributionComesFromTheServersTileJsonForEveryFormat(String format) throws Exception {
        Map<TileId, byte[]> tiles = format.equals("png") ? raster : tilesOf(TestData.vectorMbtiles());
        Path out = dir.resolve("alv." + format + ".mbtiles");
        try (TestTileServer server = new TestTileServer(tiles)) {
            server.tileJson = "{\"tilejson\":\"3.0.0\",\"attribution\":"
                    + "\"<a href='https://example.org/copyright'>&copy; Example Maps</a> &amp; contributors\","
                    + "\"vector_layers\":[{\"id\":\"roads\",\"fields\":{}}]}";

            CommandRun run = tiles(server.urlTemplate(format), 12, 13, out);

            assertEquals(0, run.exitCode(), run.err());
            assertFalse(run.err().contains("WARNING"), run.err());
        }
        assertEquals("© Example Maps & contributors", metadata(out).get("attribution"));
    }

    @Test
    void aPackWithoutAttributionSaysWhereItLooked() throws Exception {
        Path out = dir.resolve("alv.mbtiles");
        try (TestTileServer server = new TestTileServer(raster)) {
            CommandRun run = tiles(server.urlTemplate(), 12, 13, out);

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("WARNING tiles: alv.mbtiles has no attribution"), run.err());
            assertTrue(run.err().contains("/tiles.json"), "names the TileJSON it tried: " + run.err());
        }
        assertFalse(metadata(out).containsKey("attribution"));
    }
}
