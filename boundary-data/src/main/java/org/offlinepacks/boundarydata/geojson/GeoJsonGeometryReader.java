package org.offlinepacks.boundarydata.geojson;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Reads RFC 7946 geometries (x = lon, y = lat) into JTS, reporting every problem with its file and
 * feature instead of throwing. Rings that are not closed are closed, and invalid polygons
 * (self-intersections, bow-ties) are repaired with {@link GeometryFixer}; both are warnings.
 *
 * <p>JTS's own GeoJsonReader is not used because it rejects unclosed rings outright and says
 * nothing about where a bad coordinate is.
 */
public final class GeoJsonGeometryReader {
    public static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private final ValidationReport report;
    private final String file;

    public GeoJsonGeometryReader(ValidationReport report, String file) {
        this.report = report;
        this.file = file;
    }

    /** A Polygon or MultiPolygon, valid (repaired if needed), or null after reporting why not. */
    public Geometry readPolygonal(JsonNode geometry, String location) {
        String type = typeOf(geometry, location);
        if (type == null) {
            return null;
        }
        JsonNode coordinates = geometry.get("coordinates");
        List<Polygon> polygons = new ArrayList<>();
        switch (type) {
            case "Polygon" -> {
                Polygon polygon = polygon(coordinates, location, "");
                if (polygon == null) {
                    return null;
                }
                polygons.add(polygon);
            }
            case "MultiPolygon" -> {
                if (!nonEmptyArray(coordinates, location)) {
                    return null;
                }
                for (int i = 0; i < coordinates.size(); i++) {
                    Polygon polygon = polygon(coordinates.get(i), location, "polygon " + i + " ");
                    if (polygon == null) {
                        return null;
                    }
                    polygons.add(polygon);
                }
            }
            default -> {
                report.error(
                        "wrong-geometry-type",
                        file,
                        location,
                        "geometry is a " + type + ", expected a Polygon or MultiPolygon");
                return null;
            }
        }
        Geometry result =
                polygons.size() == 1 ? polygons.get(0) : WGS84.createMultiPolygon(polygons.toArray(Polygon[]::new));
        return repaired(result, location);
    }

    /** A Point, or null after reporting why not. */
    public Coordinate readPoint(JsonNode geometry, String location) {
        String type = typeOf(geometry, location);
        if (type == null) {
            return null;
        }
        if (!type.equals("Point")) {
            report.error("wrong-geometry-type", file, location, "geometry is a " + type + ", expected a Point");
            return null;
        }
        JsonNode coordinates = geometry.get("coordinates");
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
            report.error("empty-geometry", file, location, "the Point has no coordinates");
            return null;
        }
        return position(coordinates, location, "");
    }

    private String typeOf(JsonNode geometry, String location) {
        if (geometry == null || geometry.isNull()) {
            report.error("empty-geometry", file, location, "the feature has no geometry");
            return null;
        }
        JsonNode type = geometry.get("type");
        if (type == null || !type.isTextual()) {
            report.error("wrong-geometry-type", file, location, "the geometry has no \"type\"");
            return null;
        }
        return type.asText();
    }

    private boolean nonEmptyArray(JsonNode coordinates, String location) {
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
            report.error("empty-geometry", file, location, "the geometry has no coordinates");
            return false;
        }
        return true;
    }

    private Polygon polygon(JsonNode rings, String location, String prefix) {
        if (!nonEmptyArray(rings, location)) {
            return null;
        }
        LinearRing[] linearRings = new LinearRing[rings.size()];
        for (int i = 0; i < rings.size(); i++) {
            linearRings[i] = ring(rings.get(i), location, prefix + "ring " + i);
            if (linearRings[i] == null) {
                return null;
            }
        }
        LinearRing[] holes = new LinearRing[linearRings.length - 1];
        System.arraycopy(linearRings, 1, holes, 0, holes.length);
        return WGS84.createPolygon(linearRings[0], holes);
    }

    private LinearRing ring(JsonNode positions, String location, String ringName) {
        if (positions == null || !positions.isArray() || positions.isEmpty()) {
            report.error("empty-geometry", file, location, ringName + " has no positions");
            return null;
        }
        List<Coordinate> coordinates = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            Coordinate coordinate = position(positions.get(i), location, ringName + " position " + i + " ");
            if (coordinate == null) {
                return null;
            }
            coordinates.add(coordinate);
        }
        if (!coordinates.get(0).equals2D(coordinates.get(coordinates.size() - 1))) {
            report.warning(
                    "unclosed-ring",
                    file,
                    location,
                    ringName + " is not closed (first and last positions differ); it was closed");
            coordinates.add(new Coordinate(coordinates.get(0)));
        }
        if (coordinates.size() < 4) {
            report.error(
                    "degenerate-ring",
                    file,
                    location,
                    ringName + " has " + coordinates.size() + " positions; a ring needs at least 4");
            return null;
        }
        return WGS84.createLinearRing(coordinates.toArray(Coordinate[]::new));
    }

    private Coordinate position(JsonNode position, String location, String where) {
        if (position == null
                || !position.isArray()
                || position.size() < 2
                || !position.get(0).isNumber()
                || !position.get(1).isNumber()) {
            report.error("bad-coordinate", file, location, where + "is not a [lon, lat] pair of numbers: " + position);
            return null;
        }
        double lon = position.get(0).asDouble();
        double lat = position.get(1).asDouble();
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            report.error(
                    "coordinate-out-of-range",
                    file,
                    location,
                    where + "[" + lon + ", " + lat + "] is outside lon -180..180, lat -90..90"
                            + (Math.abs(lon) <= 90 && Math.abs(lat) > 90 ? " (are lon and lat swapped?)" : ""));
            return null;
        }
        return new Coordinate(lon, lat);
    }

    private Geometry repaired(Geometry geometry, String location) {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error == null) {
            return geometry;
        }
        Geometry fixed = GeometryFixer.fix(geometry);
        Coordinate at = error.getCoordinate();
        String where = at == null ? "" : String.format(Locale.ROOT, " at (%.7f, %.7f)", at.x, at.y);
        if (fixed.isEmpty() || !(fixed instanceof Polygonal)) {
            report.error(
                    "invalid-geometry",
                    file,
                    location,
                    error.getMessage() + where + " and it cannot be repaired into a polygon");
            return null;
        }
        report.warning(
                "repaired-geometry", file, location, error.getMessage() + where + "; repaired with GeometryFixer");
        return fixed;
    }
}
