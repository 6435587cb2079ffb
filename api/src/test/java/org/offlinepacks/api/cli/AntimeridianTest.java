package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;

/**
 * A 1° × 0.5° square near Fiji across 180°, written across it (an edge from 179.5° to -179.5°) and
 * cut at it as RFC 7946 §3.1.9 asks: cover, estimate and tiles read both as the same small area;
 * routing refuses it with a message that says how to split it.
 */
class AntimeridianTest {
    private static final String ACROSS = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            + "\"properties\":{\"id\":\"fiji\",\"name\":\"Fiji square\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[179.5,-17],[-179.5,-17],[-179.5,-17.5],[179.5,-17.5],[179.5,-17]]]}}]}";
    private static final String CUT = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            + "\"properties\":{\"id\":\"fiji\",\"name\":\"Fiji square\"},\"geometry\":{\"type\":\"MultiPolygon\","
            + "\"coordinates\":[[[[179.5,-17],[180,-17],[180,-17.5],[179.5,-17.5],[179.5,-17]]],"
            + "[[[-180,-17],[-179.5,-17],[-179.5,-17.5],[-180,-17.5],[-180,-17]]]]}}]}";

    @TempDir
    Path dir;

    private Path file(String name, String geojson) throws Exception {
        return Files.writeString(dir.resolve(name), geojson);
    }

    private static Set<String> lines(String out) {
        return new TreeSet<>(out.lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5000"})
    void coverReadsTheSquareWrittenAcrossAsTheSquareCutAtIt(String bufferM) throws Exception {
        Path across = file("across.geojson", ACROSS);
        Path cut = file("cut.geojson", CUT);

        CommandRun acrossCover =
                CommandRun.of("cover", "--boundary-file", across.toString(), "--zoom", "8", "--buffer-m", bufferM);
        CommandRun cutCover =
                CommandRun.of("cover", "--boundary-file", cut.toString(), "--zoom", "8", "--buffer-m", bufferM);

        assertEquals(0, acrossCover.exitCode(), acrossCover.err());
        assertEquals(0, cutCover.exitCode(), cutCover.err());
        Set<String> tiles = lines(acrossCover.out());
        assertEquals(lines(cutCover.out()), tiles);
        assertTrue(tiles.size() < 10, tiles.toString());
        assertTrue(tiles.stream().anyMatch(t -> t.startsWith("8/0/")), "west edge of the grid: " + tiles);
        assertTrue(tiles.stream().anyMatch(t -> t.startsWith("8/255/")), "east edge of the grid: " + tiles);
        assertTrue(acrossCover.err().contains("crosses the antimeridian"), acrossCover.err());
    }

    @Test
    void estimateCountsTheSmallSquareNotABandRoundTheWorld() throws Exception {
        Path across = file("across.geojson", ACROSS);
        Path cut = file("cut.geojson", CUT);
        ObjectMapper json = new ObjectMapper();
        String[] zooms = {"--min-zoom", "5", "--max-zoom", "12", "--buffer-m", "250", "--max-tiles", "20000", "--json"};

        CommandRun acrossEstimate = CommandRun.of(concat("estimate", "--boundary-file", across.toString(), zooms));
        CommandRun cutEstimate = CommandRun.of(concat("estimate", "--boundary-file", cut.toString(), zooms));

        assertEquals(0, acrossEstimate.exitCode(), acrossEstimate.out() + acrossEstimate.err());
        JsonNode acrossCounts = json.readTree(acrossEstimate.out());
        assertEquals(json.readTree(cutEstimate.out()).get("countsByZoom"), acrossCounts.get("countsByZoom"));
        assertFalse(acrossCounts.get("overBudget").asBoolean());
        assertTrue(acrossCounts.get("total").asLong() < 2000, acrossEstimate.out());
    }

    @Test
    void tilesBuildsAValidPackWithTheTilesOfBothSides() throws Exception {
        Path across = file("across.geojson", ACROSS);
        byte[] png = TestTileServer.tilesOf(TestData.rasterMbtiles())
                .values()
                .iterator()
                .next();
        Map<TileId, byte[]> served = new ConcurrentHashMap<>();
        CoverPlanner.plan(BoundaryFileReader.read(file("cut.geojson", CUT), null), 6, 10, 250)
                .forEach(tile -> served.put(tile, png));
        Path out = dir.resolve("fiji.mbtiles");
        try (TestTileServer server = new TestTileServer(served)) {
            CommandRun tiles = CommandRun.of(
                    "tiles",
                    "--boundary-file",
                    across.toString(),
                    "--source",
                    server.urlTemplate(),
                    "--min-zoom",
                    "6",
                    "--max-zoom",
                    "10",
                    "--buffer-m",
                    "250",
                    "--attribution",
                    "© test",
                    "--out",
                    out.toString(),
                    "--data-dir",
                    dir.resolve("data").toString());

            assertEquals(0, tiles.exitCode(), tiles.err());
        }
        Set<TileId> packed = new TreeSet<>();
        Map<String, String> metadata;
        try (MbtilesReader reader = MbtilesReader.open(out)) {
            reader.forEachTile((tile, data) -> packed.add(tile));
            metadata = reader.metadata();
        }
        assertEquals(new TreeSet<>(served.keySet()), packed, "every tile of the square, on both sides");
        assertEquals("-180.0000000,-17.5000000,180.0000000,-17.0000000", metadata.get("bounds"), "bounds never wrap");
        assertTrue(metadata.get("center").startsWith("180.0000000,-17.2500000,"), metadata.get("center"));
        assertEquals(java.util.List.of(), MbtilesValidator.validate(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {ACROSS, CUT})
    void routingRefusesABoundaryAcrossTheAntimeridianAndSaysHowToSplitIt(String geojson) throws Exception {
        Path boundary = file("fiji.geojson", geojson);
        Path points = file("points.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");

        CommandRun routing = CommandRun.of(
                "routing",
                "--osm",
                TestData.sampleData("andorra.osm.pbf").toString(),
                "--boundary-file",
                boundary.toString(),
                "--points",
                points.toString(),
                "--out",
                dir.resolve("routing").toString());

        assertEquals(2, routing.exitCode(), routing.err());
        assertTrue(routing.err().contains("boundary fiji lies across the antimeridian (180°)"), routing.err());
        assertTrue(routing.err().contains("Split it at 180° into two boundaries"), routing.err());
    }

    private static String[] concat(String command, String option, String value, String... rest) {
        String[] all = new String[3 + rest.length];
        all[0] = command;
        all[1] = option;
        all[2] = value;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}
