package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;

class TileCommandsTest {
    private static final String BOUNDARIES =
            PackFixtures.SAMPLE_CAMPAIGN.resolve("boundaries.geojson").toString();
    private static final String RASTER = "mbtiles:"
            + PackFixtures.SAMPLE_CAMPAIGN
                    .resolve("../andorra-raster-z9-15.mbtiles")
                    .normalize();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"cover", "estimate", "tiles", "serve-tiles"})
    void everyTileCommandHasHelp(String command) {
        CommandRun help = CommandRun.of(command, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: offline-packs " + command), help.out());
    }

    @Test
    void coverPrintsOneXyzTilePerLine() {
        CommandRun cover = CommandRun.of(
                "cover", "--boundary-file", BOUNDARIES, "--feature", PackFixtures.ANDORRA_LA_VELLA, "--zoom", "12");
        assertEquals(0, cover.exitCode(), cover.err());
        List<String> lines = cover.out().lines().toList();
        assertEquals(List.of("12/2064/1512", "12/2065/1512", "12/2064/1513", "12/2065/1513"), lines);
        CommandRun count =
                CommandRun.of("cover", "--boundary-file", BOUNDARIES, "--zoom", "12", "--buffer-m", "2000", "--count");
        assertTrue(Long.parseLong(count.out().trim()) > lines.size());
    }

    @Test
    void estimateGivesCountsPerZoomTotalAndSampledSizeAsJson() throws Exception {
        CommandRun estimate = CommandRun.of(
                "estimate",
                "--boundary-file",
                BOUNDARIES,
                "--min-zoom",
                "9",
                "--max-zoom",
                "13",
                "--source",
                RASTER,
                "--json");
        assertEquals(0, estimate.exitCode(), estimate.err());
        JsonNode json = new ObjectMapper().readTree(estimate.out());
        assertEquals(5, json.get("countsByZoom").size());
        long sum = 0;
        for (JsonNode n : json.get("countsByZoom")) {
            sum += n.asLong();
        }
        assertEquals(sum, json.get("total").asLong());
        assertTrue(json.get("sampledTiles").asInt() > 0);
        assertEquals(
                json.get("total").asLong() * json.get("bytesPerTile").asLong(),
                json.get("estimatedBytes").asLong());
    }

    @Test
    void estimateOverBudgetExitsThree() {
        CommandRun estimate = CommandRun.of(
                "estimate", "--boundary-file", BOUNDARIES, "--min-zoom", "9", "--max-zoom", "15", "--max-tiles", "100");
        assertEquals(3, estimate.exitCode());
        assertTrue(estimate.out().contains("OVER the budget"), estimate.out());
    }

    @Test
    void tilesFromAnArchiveGivesAValidClippedMbtiles() throws Exception {
        Path out = dir.resolve("alv.mbtiles");
        CommandRun tiles = CommandRun.of(
                "tiles",
                "--boundary-file",
                BOUNDARIES,
                "--feature",
                PackFixtures.ANDORRA_LA_VELLA,
                "--source",
                RASTER,
                "--min-zoom",
                "9",
                "--max-zoom",
                "14",
                "--out",
                out.toString());
        assertEquals(0, tiles.exitCode(), tiles.err());
        assertEquals(List.of(), MbtilesValidator.validate(out));
    }

    @Test
    void tilesOverBudgetIsRefusedWithCountsPerZoomAndNoFile() {
        Path out = dir.resolve("big.mbtiles");
        CommandRun tiles = CommandRun.of(
                "tiles",
                "--boundary-file",
                BOUNDARIES,
                "--source",
                RASTER,
                "--min-zoom",
                "9",
                "--max-zoom",
                "15",
                "--max-tiles",
                "100",
                "--out",
                out.toString());
        assertEquals(2, tiles.exitCode());
        assertTrue(tiles.err().contains("over the budget of 100"), tiles.err());
        assertTrue(tiles.err().contains("z15"), tiles.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void publicOsmTileServerIsRefusedWithTheReason() {
        Path out = dir.resolve("osm.mbtiles");
        CommandRun tiles = CommandRun.of(
                "tiles",
                "--boundary-file",
                BOUNDARIES,
                "--source",
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                "--min-zoom",
                "9",
                "--max-zoom",
                "10",
                "--out",
                out.toString(),
                "--data-dir",
                dir.toString());
        assertEquals(2, tiles.exitCode());
        assertTrue(tiles.err().contains("usage policy"), tiles.err());
        assertFalse(Files.exists(out));
    }
}
