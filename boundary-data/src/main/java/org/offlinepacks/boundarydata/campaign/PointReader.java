package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.offlinepacks.boundarydata.geojson.GeoJsonGeometryReader;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads points.geojson: Point features with {@code id}, {@code kind} ({@code household},
 * {@code facility}, ...), optional {@code name} and {@code boundary}.
 */
public final class PointReader {
    private PointReader() {}

    /** Every point of a GeoJSON file, or an {@link InvalidInputException} with the whole report. */
    public static List<AssignedPoint> readFile(Path file) {
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.read(file, file.toString(), report);
        List<AssignedPoint> points = document == null ? List.of() : read(document, file.toString(), report);
        if (report.hasErrors()) {
            throw new InvalidInputException(file.toString(), report);
        }
        return points;
    }

    public static List<AssignedPoint> read(JsonNode document, String file, ValidationReport report) {
        List<AssignedPoint> points = new ArrayList<>();
        List<JsonNode> features = Features.of(document, file, report);
        GeoJsonGeometryReader geometries = new GeoJsonGeometryReader(report, file);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            JsonNode properties = feature.get("properties");
            String id = Features.id(feature);
            String location = Features.location(i, id);
            if (id == null) {
                report.error("missing-id", file, location, "the point has no properties.id");
            } else if (!seen.add(id)) {
                report.error("duplicate-id", file, location, "point id " + id + " is used by an earlier feature");
                continue;
            }
            String kind = JsonFiles.text(properties, "kind");
            if (kind == null) {
                report.error(
                        "missing-kind", file, location, "the point has no properties.kind (household, facility, ...)");
            }
            Coordinate lonLat = geometries.readPoint(feature.get("geometry"), location);
            if (id != null && kind != null && lonLat != null) {
                points.add(new AssignedPoint(
                        id,
                        kind,
                        JsonFiles.text(properties, "name"),
                        JsonFiles.text(properties, "boundary"),
                        lonLat.x,
                        lonLat.y));
            }
        }
        return points;
    }
}
