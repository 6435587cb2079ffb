package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RoutingCommandTest {
    private static final Path SAMPLE =
            Path.of("..", "sample-data").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void buildsAStandAloneRoutingPackForOneParish() throws Exception {
        Path out = tmp.resolve("routing");
        StringWriter output = new StringWriter();
        CommandLine cli = OfflinePacksCommand.commandLine();
        cli.setOut(new PrintWriter(output));

        int exit = cli.execute(
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

        assertEquals(0, exit, output.toString());
        assertTrue(output.toString().contains("foot: "), output.toString());
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
        StringWriter errors = new StringWriter();
        CommandLine cli = OfflinePacksCommand.commandLine();
        cli.setErr(new PrintWriter(errors));

        int exit = cli.execute(
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

        assertEquals(2, exit);
        assertTrue(errors.toString().contains("osm-relation-2804755"), errors.toString());
    }
}
