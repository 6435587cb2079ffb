package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.boundarydata.geojson.JsonFiles;

/**
 * A campaign build answers for every boundary: the first boundary has no road (a pack without
 * routing, with a warning in the output, the table and the manifest), the third has an invalid tile
 * zoom range (it fails with the reason), the others are built; the build exits 1. Built again,
 * what did not change is unchanged (no new version) and the failure is still reported.
 */
class CampaignBuildTest {
    private static final String NO_ROAD = "village-without-roads";
    private static final String ANDORRA_LA_VELLA = "osm-relation-2804753";
    private static final String SANT_JULIA = "osm-relation-2804759";
    private static final String ESCALDES = "osm-relation-2804756";

    @TempDir
    Path dir;

    @Test
    void everyBoundaryGetsItsAnswerWhateverHappensToAnother() throws IOException {
        Path campaign = campaign();
        Path data = dir.resolve("data");

        CommandRun build = CommandRun.of(
                "build", "--campaign", campaign.toString(), "--all", "--out", data.toString(), "--parallel", "3");

        assertEquals(1, build.exitCode(), build.err());
        List<String> published = build.outLines();
        assertEquals(3, published.size(), build.out());
        for (String id : List.of(NO_ROAD, ANDORRA_LA_VELLA, ESCALDES)) {
            assertTrue(
                    published.contains(data.resolve("packs/" + id + "/1/manifest.json")
                            .toAbsolutePath()
                            .toString()),
                    id + " not published: " + build.out());
        }
        String noRoadWarning = "routing: boundary " + NO_ROAD + " has no road within 3000 m";
        assertTrue(build.err().contains("WARNING " + noRoadWarning), build.err());
        List<String> table = tableOf(build.err());
        assertRow(table, NO_ROAD, "built", "1", noRoadWarning);
        assertRow(table, ANDORRA_LA_VELLA, "built", "1", "");
        assertRow(
                table,
                SANT_JULIA,
                "failed",
                "-",
                "the tile settings of boundary " + SANT_JULIA + " (packOverrides in campaign.json) are invalid: tiles"
                        + " zoom range must satisfy 0 <= minZoom <= maxZoom <= 22, got 16..12");
        assertRow(table, ESCALDES, "built", "1", "");
        List<String> order = table.stream()
                .map(row -> row.split("\\s+")[0])
                .filter(id -> id.startsWith("osm-") || id.equals(NO_ROAD))
                .toList();
        assertEquals(List.of(NO_ROAD, ANDORRA_LA_VELLA, SANT_JULIA, ESCALDES), order, "rows in the campaign's order");
        assertTrue(
                table.get(table.size() - 1).equals("4 boundaries: 3 built, 0 unchanged, 1 failed, 0 skipped"),
                table.toString());

        PackManifest noRoad = PartJson.read(data.resolve("packs/" + NO_ROAD + "/1/manifest.json"), PackManifest.class);
        assertTrue(noRoad.part("routing.ghz").isEmpty(), "no routing part");
        assertTrue(
                noRoad.warnings().stream().anyMatch(w -> w.startsWith(noRoadWarning)),
                noRoad.warnings().toString());
        PackManifest withRoads =
                PartJson.read(data.resolve("packs/" + ESCALDES + "/1/manifest.json"), PackManifest.class);
        assertTrue(withRoads.part("routing.ghz").isPresent());
        assertNull(withRoads.warnings(), "no warning: none written");
        assertFalse(Files.exists(data.resolve("packs/" + SANT_JULIA + "/current")), "no pack for the failed boundary");
        assertEquals(
                0,
                CommandRun.of("verify", data.resolve("packs/" + NO_ROAD + "/1").toString())
                        .exitCode());

        CommandRun again = CommandRun.of("build", "--campaign", campaign.toString(), "--all", "--out", data.toString());

        assertEquals(1, again.exitCode(), again.err());
        assertEquals(List.of(), again.outLines(), "nothing new published");
        List<String> second = tableOf(again.err());
        assertRow(second, NO_ROAD, "unchanged", "1", noRoadWarning);
        assertRow(second, ANDORRA_LA_VELLA, "unchanged", "1", "");
        assertRow(second, SANT_JULIA, "failed", "-", "the tile settings of boundary " + SANT_JULIA);
        assertEquals("4 boundaries: 0 built, 3 unchanged, 1 failed, 0 skipped", second.get(second.size() - 1));
    }

    @Test
    void aCampaignThatRequiresRoutingFailsTheBoundaryWithoutARoad() throws IOException {
        Path campaign = campaign();
        ObjectNode settings = (ObjectNode)
                JsonFiles.mapper().readTree(campaign.resolve("campaign.json").toFile());
        ((ObjectNode) settings.path("packDefaults").path("routing")).put("required", true);
        settings.remove("packOverrides");
        ((ObjectNode) settings.path("packDefaults")).remove("tiles");
        JsonFiles.mapper().writeValue(campaign.resolve("campaign.json").toFile(), settings);
        Path data = dir.resolve("data");

        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--boundary",
                NO_ROAD,
                "--boundary",
                ANDORRA_LA_VELLA,
                "--out",
                data.toString());

        assertEquals(1, build.exitCode(), build.err());
        List<String> table = tableOf(build.err());
        assertRow(
                table,
                NO_ROAD,
                "failed",
                "-",
                "boundary " + NO_ROAD + " has no road within 3000 m: andorra.osm.pbf has no way there (a place without"
                        + " a mapped road, or an extract that does not cover it); the campaign requires routing"
                        + " (packDefaults.routing.required)");
        assertRow(table, ANDORRA_LA_VELLA, "built", "1", "");
    }

    /** The sample campaign with four boundaries: one without roads, two parishes, and one with a bad zoom range. */
    private Path campaign() throws IOException {
        Path campaign = SampleCampaign.copyTo(dir.resolve("campaign"));
        ObjectNode boundaries = (ObjectNode) JsonFiles.mapper()
                .readTree(campaign.resolve("boundaries.geojson").toFile());
        ArrayNode kept = JsonFiles.mapper().createArrayNode();
        kept.add(JsonFiles.mapper()
                .readTree("{\"type\":\"Feature\",\"properties\":{\"id\":\"" + NO_ROAD
                        + "\",\"name\":\"A village without roads\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                        + "[[[1.300,42.500],[1.306,42.500],[1.306,42.504],[1.300,42.504],[1.300,42.500]]]}}"));
        for (String id : List.of(ANDORRA_LA_VELLA, SANT_JULIA, ESCALDES)) {
            for (JsonNode feature : boundaries.path("features")) {
                if (id.equals(feature.path("properties").path("id").asText())) {
                    kept.add(feature);
                }
            }
        }
        boundaries.set("features", kept);
        JsonFiles.mapper().writeValue(campaign.resolve("boundaries.geojson").toFile(), boundaries);

        ObjectNode points = (ObjectNode)
                JsonFiles.mapper().readTree(campaign.resolve("points.geojson").toFile());
        ArrayNode keptPoints = JsonFiles.mapper().createArrayNode();
        for (JsonNode point : points.path("features")) {
            String boundary = point.path("properties").path("boundary").asText("");
            if (List.of(ANDORRA_LA_VELLA, SANT_JULIA, ESCALDES).contains(boundary)) {
                keptPoints.add(point);
            }
        }
        points.set("features", keptPoints);
        JsonFiles.mapper().writeValue(campaign.resolve("points.geojson").toFile(), points);
        Files.writeString(
                campaign.resolve("sos.json"),
                "{\"contacts\":[{\"id\":\"emergency\",\"name\":\"Emergències\",\"role\":\"emergency\",\"phone\":\"112\","
                        + "\"boundaries\":[]}]}");

        ObjectNode settings = (ObjectNode)
                JsonFiles.mapper().readTree(campaign.resolve("campaign.json").toFile());
        ((ObjectNode) settings.path("packDefaults").path("tiles")).put("maxZoom", 12);
        settings.putObject("packOverrides")
                .putObject(SANT_JULIA)
                .putObject("tiles")
                .put("minZoom", 16)
                .put("maxZoom", 12);
        JsonFiles.mapper().writeValue(campaign.resolve("campaign.json").toFile(), settings);
        return campaign;
    }

    /** The lines of the table the build ends with: its header to its last line. */
    private static List<String> tableOf(String err) {
        List<String> lines = err.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("boundary ") && lines.get(i).contains("result")) {
                header = i;
            }
        }
        assertTrue(header >= 0, "no table in\n" + err);
        return lines.subList(header, lines.size());
    }

    private static void assertRow(List<String> table, String id, String result, String version, String detail) {
        String row = table.stream()
                .filter(line -> line.startsWith(id + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in\n" + String.join("\n", table)));
        List<String> columns = List.of(row.trim().split("\\s{2,}"));
        assertEquals(result, columns.get(1), row);
        assertEquals(version, columns.get(2), row);
        assertTrue(row.contains(detail), "row of " + id + " lacks '" + detail + "': " + row);
    }
}
