package org.offlinepacks.tilepacker.cover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads the polygon(s) of a GeoJSON file (FeatureCollection, Feature or bare geometry) for the
 * command line: all polygon features unioned, or the one whose {@code id} property (or feature id)
 * is asked for. Invalid rings are repaired with a zero buffer.
 */
public final class BoundaryFileReader {
    private static final GeometryFactory GEOMETRY_FACTORY = new GeometryFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private BoundaryFileReader() {}

    /** @param featureId the feature to take, or null for the union of all polygon features */
    public static Geometry read(Path file, String featureId) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        List<Polygon> polygons = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        collect(root, featureId, polygons, ids, file);
        if (polygons.isEmpty()) {
            throw new IllegalArgumentException(
                    featureId == null
                            ? file + " has no Polygon or MultiPolygon feature"
                            : file + " has no polygon feature with id '" + featureId + "'; ids are " + ids);
        }
        Geometry geometry = GEOMETRY_FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
        Geometry union = geometry.isValid() && polygons.size() == 1 ? polygons.get(0) : geometry.buffer(0);
        return union;
    }

    private static void collect(JsonNode node, String featureId, List<Polygon> out, List<String> ids, Path file) {
        String type = node.path("type").asText();
        switch (type) {
            case "FeatureCollection" -> node.path("features").forEach(f -> collect(f, featureId, out, ids, file));
            case "Feature" -> {
                String id = node.path("properties")
                        .path("id")
                        .asText(node.path("id").asText(null));
                if (id != null) {
                    ids.add(id);
                }
                if (featureId == null || featureId.equals(id)) {
                    collect(node.path("geometry"), null, out, ids, file);
                }
            }
            case "Polygon" -> out.add(polygon(node.path("coordinates"), file));
            case "MultiPolygon" -> node.path("coordinates").forEach(p -> out.add(polygon(p, file)));
            case "GeometryCollection" -> node.path("geometries").forEach(g -> collect(g, null, out, ids, file));
            default -> {
                // points and lines do not make a boundary
            }
        }
    }

    private static Polygon polygon(JsonNode rings, Path file) {
        if (rings.size() == 0) {
            throw new IllegalArgumentException(file + ": a polygon has no rings");
        }
        LinearRing shell = ring(rings.get(0), file);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), file);
        }
        return GEOMETRY_FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, Path file) {
        List<Coordinate> coords = new ArrayList<>();
        positions.forEach(
                p -> coords.add(new Coordinate(p.get(0).asDouble(), p.get(1).asDouble())));
        if (coords.size() < 4) {
            throw new IllegalArgumentException(file + ": a polygon ring has fewer than 4 positions");
        }
        if (!coords.get(0).equals2D(coords.get(coords.size() - 1))) {
            coords.add(new Coordinate(coords.get(0)));
        }
        return GEOMETRY_FACTORY.createLinearRing(coords.toArray(Coordinate[]::new));
    }
}
