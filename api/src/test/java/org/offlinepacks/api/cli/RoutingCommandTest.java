package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingCommandTest {
    private static final Path SAMPLE =
            Path.of("..", "sample-data").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void buildsAStandAloneRoutingPackForOneParish() throws Exception {
        Path out = tmp.resolve("routing");
        CommandRun run = CommandRun.of(
                "routing",
                "--osm",
                SAMPLE.resolve("andorra.osm.pbf").toString(),
                "--boundary-file",
                SAMPLE.resolve("andorra/boundaries.geojson").toString(),
                "--boundary-id",
                "osm-relation-2804759",
                "--points",
                SAMPLE.resolve("andorra/points.geojson").toString(),
                "--profiles",
                "foot",
                "--data-dir",
                tmp.resolve("data").toString(),
                "--out",
                out.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("foot: "), run.out());
        JsonNode routes = new ObjectMapper().readTree(out.resolve("routes.json").toFile());
        assertEquals(6, routes.at("/profiles/foot/points").size(), "Sant Julià de Lòria has 6 points");
        assertTrue(Files.size(out.resolve("routing.ghz")) > 0);
        assertEquals(
                "11.0",
                new ObjectMapper()
                        .readTree(out.resolve("routing.json").toFile())
                        .get("graphhopperVersion")
                        .asText());
    }

    @Test
    void routesThatLeaveTheBufferAndComeBackAreReachableAsOnTheWholeExtract() throws Exception {
        Path out = tmp.resolve("encamp");
        Path data = tmp.resolve("data");
        CommandRun run = CommandRun.of(
                "routing",
                "--osm",
                SAMPLE.resolve("andorra.osm.pbf").toString(),
                "--boundary-file",
                SAMPLE.resolve("andorra/boundaries.geojson").toString(),
                "--boundary-id",
                "osm-relation-2804755",
                "--points",
                SAMPLE.resolve("andorra/points.geojson").toString(),
                "--profiles",
                "car",
                "--full-matrix-limit",
                "0",
                "--data-dir",
                data.toString(),
                "--out",
                out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(
                run.out().matches("(?s).*; [1-9]\\d* ways beyond the buffer kept for routes that leave it\\).*"),
                run.out());
        JsonNode routes = new ObjectMapper().readTree(out.resolve("routes.json").toFile());
        // the whole Andorra extract routes these two by car over roads more than 3 km outside Encamp:
        // 21.3 km and 25.1 km (GraphHopper on an import of the whole extract)
        Map<String, Double> wholeExtractKm = Map.of("osm-way-174888948", 21.3, "osm-way-210581679", 25.1);
        int checked = 0;
        for (JsonNode route : routes.at("/profiles/car/facilityRoutes")) {
            Double km = wholeExtractKm.get(route.get("to").asText());
            if (route.get("from").asText().equals("osm-node-1934464746") && km != null) {
                assertTrue(route.get("reachable").asBoolean(), route.toString());
                assertEquals(km, route.get("distanceM").asDouble() / 1000, 0.05, route.toString());
                checked++;
            }
        }
        assertEquals(2, checked, "both routes are listed");
        try (Stream<Path> versions = Files.list(data.resolve("routing-cache"))) {
            assertEquals(1, versions.count(), "the whole extract's graph is cached in the data folder");
        }
    }

    @Test
    void anUnknownBoundaryIdNamesTheBoundariesOfTheFile() {
        CommandRun run = CommandRun.of(
                "routing",
                "--osm",
                SAMPLE.resolve("andorra.osm.pbf").toString(),
                "--boundary-file",
                SAMPLE.resolve("andorra/boundaries.geojson").toString(),
                "--boundary-id",
                "nowhere",
                "--points",
                SAMPLE.resolve("andorra/points.geojson").toString(),
                "--out",
                tmp.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("osm-relation-2804755"), run.err());
    }
}
