package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.validation.InvalidInputException;

class BoundaryReaderTest {
    private static final Path SAMPLE = SampleCampaign.FOLDER.resolve("boundaries.geojson");

    @TempDir
    Path dir;

    @Test
    void theShapesAloneAreTheBoundariesGeometriesInTheFilesOrder() {
        List<Boundary> boundaries = BoundaryReader.readFile(SAMPLE);
        Map<String, Geometry> shapes = BoundaryReader.readGeometries(SAMPLE);

        assertEquals(boundaries.stream().map(Boundary::id).toList(), List.copyOf(shapes.keySet()));
        for (Boundary boundary : boundaries) {
            assertTrue(
                    boundary.geometry().equalsExact(shapes.get(boundary.id())),
                    boundary.id() + " is read with the same repairs either way");
        }
    }

    @Test
    void theShapesAloneAreRefusedForTheSameErrors() throws IOException {
        String square = "[[[1.5,42.5],[1.6,42.5],[1.6,42.6],[1.5,42.6],[1.5,42.5]]]";
        String feature = "{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}}";
        Path file = Files.writeString(
                dir.resolve("twice.geojson"),
                "{\"type\":\"FeatureCollection\",\"features\":[" + feature + "," + feature + "]}");

        InvalidInputException shapes =
                assertThrows(InvalidInputException.class, () -> BoundaryReader.readGeometries(file));
        InvalidInputException boundaries =
                assertThrows(InvalidInputException.class, () -> BoundaryReader.readFile(file));

        assertEquals(boundaries.getMessage(), shapes.getMessage());
        assertTrue(shapes.getMessage().contains("boundary id a is used by an earlier feature"), shapes.getMessage());
    }
}
