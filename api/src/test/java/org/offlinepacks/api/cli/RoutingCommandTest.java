package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
