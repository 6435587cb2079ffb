package org.offlinepacks.tilepacker.mbtiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;

class MbtilesWriterTest {
    @TempDir
    Path dir;

    static MbtilesMetadata metadata(TileFormat format) {
        return new MbtilesMetadata(
                "test",
                format,
                new double[] {1.4, 42.4, 1.8, 42.7},
                null,
                9,
                12,
                "© OpenStreetMap contributors",
                null,
                "1",
                null);
    }

    /** Random tiles with PNG magic, a third of them repeated content (sea tiles). */
    static Map<TileId, byte[]> randomTiles(Random random, int count) {
        Map<TileId, byte[]> tiles = new LinkedHashMap<>();
        byte[] sea = pngLike(random, 50);
        while (tiles.size() < count) {
            int z = 9 + random.nextInt(4);
            int n = 1 << z;
            TileId tile = new TileId(z, random.nextInt(n), random.nextInt(n));
            tiles.put(tile, random.nextInt(3) == 0 ? sea : pngLike(random, 20 + random.nextInt(3000)));
        }
        return tiles;
    }

    static byte[] pngLike(Random random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, data, 0, 8);
        return data;
    }

    static Path write(Path file, Map<TileId, byte[]> tiles, TileFormat format) throws IOException {
        try (MbtilesWriter writer = MbtilesWriter.create(file, metadata(format))) {
            for (Map.Entry<TileId, byte[]> e : tiles.entrySet()) {
                writer.writeTile(e.getKey(), e.getValue());
            }
            return writer.finish();
        }
    }

    @Test
    void writtenTilesReadBackIdenticalInXyzScheme() throws IOException {
        long seed = System.nanoTime();
        Map<TileId, byte[]> tiles = randomTiles(new Random(seed), 5000);
        Path file = write(dir.resolve("a.mbtiles"), tiles, TileFormat.PNG);
        Map<TileId, byte[]> read = new TreeMap<>();
        try (MbtilesReader reader = MbtilesReader.open(file)) {
            reader.forEachTile(read::put);
            for (Map.Entry<TileId, byte[]> e : tiles.entrySet()) {
                assertArrayEquals(
                        e.getValue(), reader.tile(e.getKey()).orElseThrow(), "seed " + seed + " tile " + e.getKey());
            }
            assertEquals("ok", reader.integrityCheck());
            assertEquals("png", reader.metadata().get("format"));
        }
        assertEquals(tiles.size(), read.size(), "seed " + seed);
    }

    @Test
    void identicalTilesAreStoredOnceAndRowsAreTms() throws Exception {
        byte[] same = pngLike(new Random(1), 100);
        Map<TileId, byte[]> tiles = new LinkedHashMap<>();
        tiles.put(new TileId(10, 516, 378), same);
        tiles.put(new TileId(10, 517, 378), same);
        tiles.put(new TileId(10, 518, 378), pngLike(new Random(2), 100));
        Path file = write(dir.resolve("dedup.mbtiles"), tiles, TileFormat.PNG);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(2, count(c, "SELECT count(*) FROM images"));
            assertEquals(3, count(c, "SELECT count(*) FROM tiles"));
            assertEquals(3, count(c, "SELECT count(*) FROM tiles WHERE zoom_level = 10 AND tile_row = 645"));
            assertEquals(0x4d504258, count(c, "PRAGMA application_id"));
        }
    }

    @Test
    void metadataHasEverySpecField() throws IOException {
        Path file = write(dir.resolve("m.mbtiles"), randomTiles(new Random(3), 10), TileFormat.PNG);
        try (MbtilesReader reader = MbtilesReader.open(file)) {
            Map<String, String> m = reader.metadata();
            for (String key : List.of(
                    "name", "format", "bounds", "center", "minzoom", "maxzoom", "attribution", "type", "version")) {
                assertTrue(m.containsKey(key), key + " missing from " + m);
            }
            assertEquals("1.4000000,42.4000000,1.8000000,42.7000000", m.get("bounds"));
            assertEquals("9", m.get("minzoom"));
            assertEquals("12", m.get("maxzoom"));
            assertEquals("baselayer", m.get("type"));
        }
    }

    @Test
    void vectorMetadataCarriesVectorLayers() throws IOException {
        try (MbtilesWriter writer = MbtilesWriter.create(dir.resolve("v.mbtiles"), metadata(TileFormat.PBF))) {
            writer.finish();
        }
        try (MbtilesReader reader = MbtilesReader.open(dir.resolve("v.mbtiles"))) {
            assertTrue(reader.metadata().get("json").contains("vector_layers"));
            assertEquals("overlay", reader.metadata().get("type"));
        }
    }

    @Test
    void sameTilesGiveByteIdenticalFiles() throws IOException {
        Map<TileId, byte[]> tiles = randomTiles(new Random(4), 3000);
        byte[] first = Files.readAllBytes(write(dir.resolve("1.mbtiles"), tiles, TileFormat.PNG));
        byte[] second = Files.readAllBytes(write(dir.resolve("2.mbtiles"), tiles, TileFormat.PNG));
        assertArrayEquals(first, second);
    }

    @Test
    void unfinishedWriterLeavesNoFile() throws IOException {
        Path file = dir.resolve("partial.mbtiles");
        try (MbtilesWriter writer = MbtilesWriter.create(file, metadata(TileFormat.PNG))) {
            for (Map.Entry<TileId, byte[]> e : randomTiles(new Random(5), 3000).entrySet()) {
                writer.writeTile(e.getKey(), e.getValue());
            }
        }
        assertFalse(Files.exists(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void sampleRasterIsValidAndAnInvalidTileIsReported() throws IOException {
        assertEquals(List.of(), MbtilesValidator.validate(TestData.rasterMbtiles()));
        assertEquals(List.of(), MbtilesValidator.validate(TestData.vectorMbtiles()));
        Map<TileId, byte[]> tiles = new LinkedHashMap<>();
        List<TileId> ids = new ArrayList<>();
        try (MbtilesReader reader = MbtilesReader.open(TestData.rasterMbtiles())) {
            reader.forEachTile((tile, data) -> {
                if (tile.z() <= 10) {
                    tiles.put(tile, data);
                    ids.add(tile);
                }
            });
        }
        tiles.put(ids.get(0), pngLike(new Random(6), 200));
        Path file = write(dir.resolve("broken.mbtiles"), tiles, TileFormat.PNG);
        List<String> problems = MbtilesValidator.validate(file);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tile " + ids.get(0)), problems.toString());
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void metadataStatesTheZoomsTheFileHoldsAndVerifySaysWhenItDoesNot() throws Exception {
        Map<TileId, byte[]> tiles = new LinkedHashMap<>();
        tiles.put(new TileId(10, 516, 378), pngLike(new Random(5), 100));
        tiles.put(new TileId(11, 1032, 756), pngLike(new Random(6), 100));
        Path file = write(dir.resolve("z10-11.mbtiles"), tiles, TileFormat.PNG); // asked for 9..12
        try (MbtilesReader reader = MbtilesReader.open(file)) {
            assertEquals("10", reader.metadata().get("minzoom"));
            assertEquals("11", reader.metadata().get("maxzoom"));
        }
        // what a file written before said: the zooms asked for
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("UPDATE metadata SET value = '12' WHERE name = 'maxzoom'");
        }
        List<String> problems = MbtilesValidator.validate(file);
        assertTrue(
                problems.stream()
                        .anyMatch(
                                p -> p.contains("metadata declares zoom 12 (maxzoom) but the file has no tile there")),
                problems.toString());
    }

    @Test
    void vectorLayersKeepOnlyTheZoomsTheFileHolds() {
        String json = "{\"vector_layers\":[{\"id\":\"roads\",\"minzoom\":0,\"maxzoom\":14},"
                + "{\"id\":\"labels\"},{\"id\":\"buildings\",\"minzoom\":13,\"maxzoom\":14}]}";
        assertEquals(
                "{\"vector_layers\":[{\"id\":\"roads\",\"minzoom\":10,\"maxzoom\":12},{\"id\":\"labels\"}]}",
                MbtilesMetadata.vectorLayersWithin(json, 10, 12));
        assertEquals(json, MbtilesMetadata.vectorLayersWithin(json, 0, 14), "unchanged when all zooms are held");
    }

    @Test
    void verifyChecksEveryTilesStructureAndDecodesOnlyASample() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> samplePngs = new ArrayList<>();
        try (MbtilesReader reader = MbtilesReader.open(TestData.rasterMbtiles())) {
            reader.forEachTile((tile, data) -> samplePngs.add(data));
        }
        Map<TileId, byte[]> tiles = new LinkedHashMap<>();
        for (int x = 0; x < 50; x++) {
            for (int y = 0; y < 40; y++) {
                tiles.put(new TileId(12, 2000 + x, 1500 + y), samplePngs.get(random.nextInt(samplePngs.size())));
            }
        }
        List<TileId> ids = new ArrayList<>(tiles.keySet());
        TileId cut = ids.get(random.nextInt(ids.size()));
        byte[] whole = tiles.get(cut);
        tiles.put(cut, java.util.Arrays.copyOf(whole, whole.length - 20));
        Path file = write(dir.resolve("sampled.mbtiles"), tiles, TileFormat.PNG);

        int[] decoded = {0};
        List<String> problems = MbtilesValidator.validate(file, (format, data) -> {
            decoded[0]++;
            return MbtilesValidator.decodeProblem(format, data);
        });
        assertEquals(1, problems.size(), "seed " + seed + ": " + problems);
        assertTrue(problems.get(0).contains("tile " + cut + " is not valid png: truncated"), problems.toString());
        assertTrue(
                decoded[0] > 0 && decoded[0] <= MbtilesValidator.DECODED_SAMPLE,
                "seed " + seed + ": decoded " + decoded[0] + " of " + tiles.size() + " tiles");
    }
}
