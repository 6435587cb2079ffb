package org.offlinepacks.tilepacker.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.TestTileServer.Fault;
import org.offlinepacks.tilepacker.TestTileServer.LoggedRequest;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.fetch.TileFetchException;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesMetadata;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;
import org.offlinepacks.tilepacker.mbtiles.MbtilesWriter;

class TilePackBuilderTest {
    private static final String ANDORRA_LA_VELLA = "osm-relation-2804753";
    private static final String ESCALDES = "osm-relation-2804756";

    @TempDir
    Path dir;

    private Map<TileId, byte[]> sourceTiles;
    private TestTileServer server;
    private TileCache cache;

    @BeforeEach
    void start() throws IOException {
        sourceTiles = TestTileServer.tilesOf(TestData.rasterMbtiles());
        server = new TestTileServer(sourceTiles);
        cache = TileCache.open(dir.resolve("data").resolve(TileCache.DEFAULT_FILE_NAME));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        cache.close();
    }

    private TilePackConfig.Builder config() {
        return TilePackConfig.builder(server.urlTemplate(), 9, 13)
                .concurrency(4)
                .timeouts(Duration.ofSeconds(2), Duration.ofMillis(700))
                .retries(4, Duration.ofMillis(20), Duration.ofSeconds(3))
                .attribution("© OpenStreetMap contributors");
    }

    private static Geometry parish(String id) throws IOException {
        return BoundaryFileReader.read(TestData.boundaries(), id);
    }

    private static Map<TileId, byte[]> tilesIn(Path mbtiles) throws IOException {
        Map<TileId, byte[]> tiles = new HashMap<>();
        try (MbtilesReader reader = MbtilesReader.open(mbtiles)) {
            reader.forEachTile(tiles::put);
        }
        return tiles;
    }

    /** Adds up what the builder reports with {@link ProgressListener#counted}, as the service's metrics do. */
    private static final class Counted implements ProgressListener {
        final Map<String, Long> byOutcome = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void begin(String step, long total) {}

        @Override
        public void update(String step, long done) {}

        @Override
        public void end(String step, long done) {}

        @Override
        public void counted(String measure, String outcome, long amount) {
            byOutcome.merge(measure + ":" + outcome, amount, Long::sum);
        }
    }

    @Test
    void tileFetchOutcomesAreReportedForTheMetrics() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        Counted first = new Counted();
        TilePackResult fetched =
                new TilePackBuilder(config().build(), cache).build(boundary, dir.resolve("first.mbtiles"), first);
        assertEquals(fetched.fetchStats().downloaded(), first.byOutcome.get("tile-fetches:downloaded"));
        assertTrue(fetched.fetchStats().downloaded() > 0);
        assertEquals(0L, first.byOutcome.get("tile-fetches:cache-hit"));

        Counted second = new Counted();
        new TilePackBuilder(config().build(), cache).build(boundary, dir.resolve("second.mbtiles"), second);
        assertEquals(fetched.fetchStats().downloaded(), second.byOutcome.get("tile-fetches:cache-hit"));
        assertEquals(0L, second.byOutcome.get("tile-fetches:downloaded"));
    }

    @Test
    void packIsCompleteAndByteExactDespiteAMisbehavingServer() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config = config().build();
        List<TileId> cover = new TilePackBuilder(config, cache)
                .cover(boundary).byZoom().stream()
                        .flatMap(c -> c.tiles().stream())
                        .filter(sourceTiles::containsKey)
                        .toList();
        server.inject(cover.get(0), Fault.SERVER_ERROR, Fault.SERVER_ERROR);
        server.inject(cover.get(1), Fault.TOO_MANY_REQUESTS);
        server.inject(cover.get(2), Fault.DROP);
        server.inject(cover.get(3), Fault.SLOW);

        TilePackResult result =
                new TilePackBuilder(config, cache).build(boundary, dir.resolve("tiles.mbtiles"), ProgressListener.NONE);

        Map<TileId, byte[]> packed = tilesIn(result.file());
        assertEquals(new TreeSet<>(cover), new TreeSet<>(packed.keySet()));
        packed.forEach((tile, data) -> assertArrayEquals(sourceTiles.get(tile), data, "tile " + tile));
        assertEquals(5, result.fetchStats().retries(), result.fetchStats().toString());
        assertEquals(0, result.fetchStats().failed());
        assertEquals(List.of(), MbtilesValidator.validate(result.file()));
        assertTrue(server.log().stream().allMatch(r -> r.userAgent().contains("offline-packs")));
    }

    @Test
    void retryAfterIsHonoured() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config = config().zooms(12, 12).build();
        TileId first = new TilePackBuilder(config, cache)
                .cover(boundary)
                .byZoom()
                .get(0)
                .tiles()
                .get(0);
        server.inject(first, Fault.TOO_MANY_REQUESTS);
        new TilePackBuilder(config, cache).build(boundary, dir.resolve("t.mbtiles"), ProgressListener.NONE);
        List<LoggedRequest> forTile =
                server.log().stream().filter(r -> first.equals(r.tile())).toList();
        assertEquals(2, forTile.size());
        long waitedMs = (forTile.get(1).atNanos() - forTile.get(0).atNanos()) / 1_000_000;
        assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms after Retry-After: 1");
    }

    @Test
    void rebuildAfterBoundaryChangeRequestsOnlyNewTilesPlusRevalidations() throws IOException {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        TilePackConfig config = config().cacheMaxAge(Duration.ofDays(7)).build();
        Geometry before = parish(ANDORRA_LA_VELLA);
        Geometry after = before.union(parish(ESCALDES));
        TilePackBuilder firstBuilder = new TilePackBuilder(config, cache, Clock.fixed(t0, ZoneOffset.UTC));
        firstBuilder.build(before, dir.resolve("v1.mbtiles"), ProgressListener.NONE);
        Set<TileId> coverBefore = tileSet(firstBuilder.cover(before));
        Set<TileId> coverAfter = tileSet(firstBuilder.cover(after));
        Set<TileId> newTiles = new TreeSet<>(coverAfter);
        newTiles.removeAll(coverBefore);
        assertFalse(newTiles.isEmpty());

        // A day later: the cache is fresh, only tiles new to the cache go upstream.
        server.clearLog();
        new TilePackBuilder(config, cache, Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC))
                .build(after, dir.resolve("v2.mbtiles"), ProgressListener.NONE);
        assertEquals(newTiles, requested(server.log(), false));
        assertEquals(Set.of(), requested(server.log(), true));

        // Ten days later the cache is stale: tiles the server has are revalidated (304), tiles it
        // has not (404 before) are asked again plainly; nothing is downloaded twice.
        server.clearLog();
        TilePackResult stale = new TilePackBuilder(
                        config, cache, Clock.fixed(t0.plus(Duration.ofDays(10)), ZoneOffset.UTC))
                .build(after, dir.resolve("v3.mbtiles"), ProgressListener.NONE);
        Set<TileId> present = new TreeSet<>(coverAfter);
        present.retainAll(sourceTiles.keySet());
        Set<TileId> absent = new TreeSet<>(coverAfter);
        absent.removeAll(sourceTiles.keySet());
        assertEquals(present, requested(server.log(), true));
        assertEquals(absent, requested(server.log(), false));
        assertEquals(coverAfter.size(), server.log().size());
        assertEquals(present.size(), stale.fetchStats().notModified());
        assertEquals(0, stale.fetchStats().downloaded());
        assertArrayEquals(Files.readAllBytes(dir.resolve("v2.mbtiles")), Files.readAllBytes(dir.resolve("v3.mbtiles")));
    }

    @Test
    void sameBoundaryGivesByteIdenticalPackFromServerOrArchive() throws IOException {
        Geometry boundary = parish(ESCALDES);
        TilePackResult fromServer = new TilePackBuilder(config().concurrency(8).build(), cache)
                .build(boundary, dir.resolve("a.mbtiles"), ProgressListener.NONE);
        TilePackResult again = new TilePackBuilder(config().concurrency(1).build(), cache)
                .build(boundary, dir.resolve("b.mbtiles"), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(fromServer.file()), Files.readAllBytes(again.file()));
        TilePackConfig archive =
                config().source("mbtiles:" + TestData.rasterMbtiles()).build();
        TilePackResult fromArchive =
                new TilePackBuilder(archive, null).build(boundary, dir.resolve("c.mbtiles"), ProgressListener.NONE);
        assertEquals(
                tilesIn(fromServer.file()).keySet(), tilesIn(fromArchive.file()).keySet());
        assertNotNull(fromArchive.file());
    }

    /**
     * A map/images archive is copied inside SQLite; a flat one tile by tile. Both give the same rows
     * (tiles, and images numbered by first use), also where the archive lacks an image its map
     * names, and both files are compact (no free page) and sound.
     */
    @Test
    void anArchiveCopiedInsideSqliteGivesTheRowsOfTheTileByTileCopy() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path mapImages = dir.resolve("map-images.mbtiles");
        try (MbtilesReader sample = MbtilesReader.open(TestData.rasterMbtiles());
                MbtilesWriter writer = MbtilesWriter.create(
                        mapImages,
                        new MbtilesMetadata(
                                "archive",
                                TileFormat.PNG,
                                new double[] {1.4, 42.4, 1.8, 42.7},
                                null,
                                9,
                                15,
                                "test",
                                null,
                                "1",
                                null))) {
            sample.forEachTile(writer::writeTile); // (zoom, column, TMS row): the key order
            writer.finish();
        }
        Path flat = dir.resolve("flat.mbtiles");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mapImages);
                Statement st = c.createStatement()) {
            long images = count(st, "SELECT count(*) FROM images");
            st.execute("DELETE FROM images WHERE tile_id = " + (1 + random.nextInt((int) images)));
            st.execute("ATTACH DATABASE '" + flat + "' AS flat");
            st.execute("CREATE TABLE flat.metadata AS SELECT * FROM metadata");
            st.execute("CREATE TABLE flat.tiles AS SELECT * FROM tiles ORDER BY zoom_level, tile_column, tile_row");
            st.execute("CREATE UNIQUE INDEX flat.tile_index ON tiles (zoom_level, tile_column, tile_row)");
        }
        try (MbtilesReader a = MbtilesReader.open(mapImages);
                MbtilesReader b = MbtilesReader.open(flat)) {
            assertTrue(a.copyableInSqlite());
            assertFalse(b.copyableInSqlite());
        }
        String parish = random.nextBoolean() ? ANDORRA_LA_VELLA : ESCALDES;
        int minZoom = 9 + random.nextInt(4);
        TilePackConfig.Builder config =
                config().zooms(minZoom, minZoom + random.nextInt(16 - minZoom)).bufferM(random.nextInt(3) * 1000);
        TilePackResult copied = new TilePackBuilder(
                        config.source("mbtiles:" + mapImages).build(), null)
                .build(parish(parish), dir.resolve("copied.mbtiles"), ProgressListener.NONE);
        TilePackResult streamed = new TilePackBuilder(
                        config.source("mbtiles:" + flat).build(), null)
                .build(parish(parish), dir.resolve("streamed.mbtiles"), ProgressListener.NONE);
        String what = "seed " + seed + ": " + parish + " " + config.build();
        assertTrue(streamed.tilesWritten() > 0, what);
        assertEquals(streamed.tilesWritten(), copied.tilesWritten(), what);
        assertEquals(streamed.tilesByZoom(), copied.tilesByZoom(), what);
        for (String query : List.of(
                "SELECT * FROM map ORDER BY 1, 2, 3", "SELECT * FROM images ORDER BY 1", "SELECT * FROM metadata")) {
            assertEquals(rows(streamed.file(), query), rows(copied.file(), query), what + ": " + query);
        }
        for (Path file : List.of(copied.file(), streamed.file())) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement st = c.createStatement()) {
                assertEquals(0, count(st, "PRAGMA freelist_count"), what + ": " + file.getFileName());
            }
            assertEquals(List.of(), MbtilesValidator.validate(file), what);
        }
    }

    private static List<String> rows(Path file, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value)
                            .append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static long count(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void tooManyFailuresAbortCleanlyWithCountsAndNoFile() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config = config().retries(1, Duration.ofMillis(5), Duration.ofMillis(20))
                .maxFailureRatio(0.05)
                .build();
        List<TileId> cover = new TilePackBuilder(config, cache)
                .cover(boundary)
                .byZoom()
                .get(4)
                .tiles();
        for (TileId tile : cover) {
            server.inject(tile, Fault.SERVER_ERROR, Fault.SERVER_ERROR);
        }
        Path target = dir.resolve("out").resolve("tiles.mbtiles");
        TileFetchException e = assertThrows(TileFetchException.class, () -> new TilePackBuilder(config, cache)
                .build(boundary, target, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("tiles failed"), e.getMessage());
        assertTrue(e.stats().failed() > 0);
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(target.getParent())
                && Files.list(target.getParent()).findAny().isPresent());
    }

    @Test
    void contentThatIsNotTheDeclaredFormatIsAFailureNotATile() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config = config().zooms(13, 13).maxFailureRatio(0.5).build();
        TileId bad = new TilePackBuilder(config, cache)
                .cover(boundary).byZoom().get(0).tiles().stream()
                        .filter(sourceTiles::containsKey)
                        .findFirst()
                        .orElseThrow();
        server.inject(bad, Fault.GARBAGE);
        TilePackResult result =
                new TilePackBuilder(config, cache).build(boundary, dir.resolve("t.mbtiles"), ProgressListener.NONE);
        assertEquals(1, result.fetchStats().invalid());
        assertFalse(tilesIn(result.file()).containsKey(bad));
    }

    @Test
    void coverOverBudgetIsRefusedBeforeFetching() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config = config().zooms(9, 15).maxTiles(10).build();
        TileBudgetExceededException e =
                assertThrows(TileBudgetExceededException.class, () -> new TilePackBuilder(config, cache)
                        .build(boundary, dir.resolve("t.mbtiles"), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("z15"), e.getMessage());
        assertEquals(7, e.estimate().countsByZoom().size());
        assertEquals(List.of(), server.log());
    }

    @Test
    void tilesTheServerLacksAreCountedNotFatal() throws IOException {
        Geometry boundary = parish(ANDORRA_LA_VELLA);
        TilePackConfig config =
                config().zooms(9, 13).bufferM(30_000).maxFailureRatio(0).build();
        TilePackResult result =
                new TilePackBuilder(config, cache).build(boundary, dir.resolve("t.mbtiles"), ProgressListener.NONE);
        assertTrue(result.fetchStats().noTile() > 0, result.fetchStats().toString());
        assertEquals(result.tilesMissing(), result.fetchStats().noTile());
    }

    @Test
    void vectorPackFromAServerIsByteExactAndCarriesTheVectorLayersOfItsTileJson() throws IOException {
        Map<TileId, byte[]> vectorTiles = TestTileServer.tilesOf(TestData.vectorMbtiles());
        String json;
        try (MbtilesReader reader = MbtilesReader.open(TestData.vectorMbtiles())) {
            json = reader.metadata().get("json");
        }
        try (TestTileServer vectorServer = new TestTileServer(vectorTiles)) {
            vectorServer.tileJson = json;
            TilePackConfig config = config().source(vectorServer.urlTemplate("pbf"))
                    .zooms(10, 14)
                    .build();
            TilePackResult result = new TilePackBuilder(config, cache)
                    .build(parish(ANDORRA_LA_VELLA), dir.resolve("v.mbtiles"), ProgressListener.NONE);
            try (MbtilesReader pack = MbtilesReader.open(result.file())) {
                assertEquals("pbf", pack.metadata().get("format"));
                assertTrue(
                        pack.metadata().get("json").contains("\"id\":\"multipolygons\""),
                        pack.metadata().get("json"));
                pack.forEachTile((tile, data) -> assertArrayEquals(vectorTiles.get(tile), data, "tile " + tile));
            }
            assertTrue(result.tilesWritten() > 0);
            assertEquals(List.of(), MbtilesValidator.validate(result.file()));
        }
    }

    private static Set<TileId> tileSet(PackCover cover) {
        Set<TileId> tiles = new TreeSet<>();
        cover.forEach(tiles::add);
        return tiles;
    }

    private static Set<TileId> requested(List<LoggedRequest> log, boolean conditional) {
        Set<TileId> tiles = new HashSet<>();
        log.stream().filter(r -> r.conditional() == conditional).forEach(r -> tiles.add(r.tile()));
        return new TreeSet<>(tiles);
    }
}
