package org.offlinepacks.routing.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;

/**
 * Reads the stand-alone routing command's inputs: boundaries and assigned points as GeoJSON
 * FeatureCollections (properties {@code id}, {@code name}; points also {@code kind} and
 * {@code boundary}). Campaign folders are read by boundary-data; this reader only serves files
 * given on the command line and tests.
 */
public final class GeoJsonInputReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GeoJsonInputReader() {}

    public static List<Boundary> readBoundaries(Path file) throws IOException {
        List<Boundary> boundaries = new ArrayList<>();
        GeoJsonReader geometryReader = new GeoJsonReader();
        int index = 0;
        for (JsonNode feature : features(file)) {
            String id = feature.path("properties").path("id").asText(null);
            if (id == null) {
                throw new IOException(file + ": feature " + index + " has no properties.id");
            }
            Geometry geometry;
            try {
                geometry = geometryReader.read(feature.path("geometry").toString());
            } catch (ParseException e) {
                throw new IOException(file + ": boundary " + id + " has an unreadable geometry: " + e.getMessage(), e);
            }
            if (!geometry.getGeometryType().endsWith("Polygon")) {
                throw new IOException(file + ": boundary " + id + " is a " + geometry.getGeometryType()
                        + ", not a Polygon or MultiPolygon");
            }
            String name = feature.path("properties").path("name").asText(id);
            boundaries.add(new Boundary(id, name, null, geometry, contentHash(geometry)));
            index++;
        }
        return boundaries;
    }

    public static List<AssignedPoint> readPoints(Path file) throws IOException {
        List<AssignedPoint> points = new ArrayList<>();
        int index = 0;
        for (JsonNode feature : features(file)) {
            JsonNode properties = feature.path("properties");
            JsonNode coordinates = feature.path("geometry").path("coordinates");
            String id = properties.path("id").asText(null);
            if (id == null
                    || !"Point".equals(feature.path("geometry").path("type").asText())
                    || coordinates.size() < 2) {
                throw new IOException(file + ": feature " + index + " needs properties.id and a Point geometry");
            }
            String boundaryId = properties.path("boundary").isTextual()
                    ? properties.get("boundary").asText()
                    : null;
            points.add(new AssignedPoint(
                    id,
                    properties.path("kind").asText("household"),
                    properties.path("name").asText(null),
                    boundaryId,
                    coordinates.get(0).asDouble(),
                    coordinates.get(1).asDouble()));
            index++;
        }
        return points;
    }

    private static JsonNode features(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode features = root.path("features");
        if (!features.isArray()) {
            throw new IOException(file + " is not a GeoJSON FeatureCollection");
        }
        return features;
    }

    private static String contentHash(Geometry geometry) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(new WKBWriter().write(geometry));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
