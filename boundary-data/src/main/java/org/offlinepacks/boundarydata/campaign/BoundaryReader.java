package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.geojson.GeoJsonGeometryReader;
import org.offlinepacks.boundarydata.geojson.GeometryFingerprint;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads boundaries from GeoJSON: a FeatureCollection (boundaries.geojson) or a single Feature (a
 * planner's update). Each feature needs {@code properties.id} (or a top-level {@code id}), may have
 * {@code name} and {@code parent}, and a Polygon or MultiPolygon geometry.
 */
public final class BoundaryReader {
    private BoundaryReader() {}

    /** Boundary ids name folders and URL segments, so they are kept to a safe alphabet. */
    public static boolean isSafeId(String id) {
        return id.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    }

    /**
     * Every boundary of a GeoJSON file given on the command line, or an {@link
     * InvalidInputException} with the whole report. Warnings (repaired rings) are not fatal.
     */
    public static List<Boundary> readFile(Path file) {
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.read(file, file.toString(), report);
        List<Boundary> boundaries = document == null ? List.of() : read(document, file.toString(), report);
        if (report.hasErrors()) {
            throw new InvalidInputException(file.toString(), report);
        }
        return boundaries;
    }

    /**
     * The polygons of a GeoJSON file given on the command line by boundary id, in the file's order,
     * read and validated as {@link #readFile} does but without the boundaries' versions, which
     * commands that only need the shapes do not pay for.
     */
    public static Map<String, Geometry> readGeometries(Path file) {
        ValidationReport report = new ValidationReport();
        JsonNode document = JsonFiles.read(file, file.toString(), report);
        Map<String, Geometry> geometries = new LinkedHashMap<>();
        if (document != null) {
            forEachBoundary(
                    document, file.toString(), report, (id, properties, geometry) -> geometries.put(id, geometry));
        }
        if (report.hasErrors()) {
            throw new InvalidInputException(file.toString(), report);
        }
        return geometries;
    }

    /** The boundaries that could be read; every problem goes to {@code report}. */
    public static List<Boundary> read(JsonNode document, String file, ValidationReport report) {
        List<Boundary> boundaries = new ArrayList<>();
        forEachBoundary(
                document,
                file,
                report,
                (id, properties, geometry) -> boundaries.add(new Boundary(
                        id,
                        JsonFiles.text(properties, "name"),
                        JsonFiles.text(properties, "parent"),
                        geometry,
                        GeometryFingerprint.of(geometry))));
        return boundaries;
    }

    private interface BoundaryFeature {
        void accept(String id, JsonNode properties, Geometry geometry);
    }

    private static void forEachBoundary(
            JsonNode document, String file, ValidationReport report, BoundaryFeature boundary) {
        List<JsonNode> features = Features.of(document, file, report);
        GeoJsonGeometryReader geometries = new GeoJsonGeometryReader(report, file);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            String id = Features.id(feature);
            String location = Features.location(i, id);
            if (id == null) {
                report.error("missing-id", file, location, "the feature has no properties.id");
            } else if (!isSafeId(id)) {
                report.error(
                        "bad-id",
                        file,
                        location,
                        "boundary ids may use letters, digits, '.', '_' and '-' (not first '.'), found \"" + id + "\"");
                continue;
            } else if (!seen.add(id)) {
                report.error("duplicate-id", file, location, "boundary id " + id + " is used by an earlier feature");
                continue;
            }
            Geometry geometry = geometries.readPolygonal(feature.get("geometry"), location);
            if (id != null && geometry != null) {
                boundary.accept(id, feature.get("properties"), geometry);
            }
        }
    }
}
