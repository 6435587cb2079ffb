package org.offlinepacks.routing.pack;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.matrix.ProfileRoutes.FacilityRoute;
import org.offlinepacks.routing.matrix.RouteCost;
import org.offlinepacks.routing.snap.PointSnap;

/**
 * Writes {@code routes.json}: per profile, the snapped points (or why a point is not snapped), the
 * facility → point routes with geometry, and the full matrix when it was computed. Times are in
 * seconds and distances in metres, to 0.1 in routes and whole in the matrix (it holds n² of each,
 * and devices download it over 2G); an unreachable pair has {@code "reachable": false} (and
 * {@code null} in the matrix). Written through the canonical writer (keys sorted), so the same
 * routes give the same bytes.
 */
public final class RoutesJsonWriter {
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "routes.json";

    private RoutesJsonWriter() {}

    public static void write(Path file, String boundaryId, List<ProfileRoutes> profiles) throws IOException {
        try (JsonGenerator json = CanonicalJson.generator(file)) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeStringField("boundaryId", boundaryId);
            json.writeStringField("timeUnit", "s");
            json.writeStringField("distanceUnit", "m");
            json.writeStringField("matrixPrecision", "whole seconds and metres");
            json.writeStringField("polyline", "encoded polyline, precision 1e5 (Google / GraphHopper format)");
            json.writeObjectFieldStart("profiles");
            for (ProfileRoutes routes : profiles) {
                json.writeObjectFieldStart(routes.profile());
                writePoints(json, routes.points());
                writeFacilityRoutes(json, routes.facilityRoutes());
                writeMatrix(json, routes.fullMatrix());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writePoints(JsonGenerator json, List<PointSnap> points) throws IOException {
        json.writeArrayFieldStart("points");
        for (PointSnap snap : points) {
            json.writeStartObject();
            json.writeStringField("id", snap.point().id());
            json.writeStringField("kind", snap.point().kind());
            json.writeBooleanField("snapped", snap.isSnapped());
            if (snap.isSnapped()) {
                json.writeArrayFieldStart("snappedLonLat");
                json.writeNumber(round7(snap.snappedLon()));
                json.writeNumber(round7(snap.snappedLat()));
                json.writeEndArray();
                json.writeNumberField("snapDistanceM", round1(snap.snapDistanceM()));
            } else {
                json.writeStringField("reason", snap.failure().code());
                json.writeStringField("message", snap.failure().explanation());
                if (!Double.isNaN(snap.snapDistanceM())) {
                    json.writeNumberField("nearestRoadM", round1(snap.snapDistanceM()));
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeFacilityRoutes(JsonGenerator json, List<FacilityRoute> routes) throws IOException {
        json.writeArrayFieldStart("facilityRoutes");
        for (FacilityRoute route : routes) {
            json.writeStartObject();
            json.writeStringField("from", route.fromId());
            json.writeStringField("to", route.toId());
            json.writeBooleanField("reachable", route.isReachable());
            if (route.isReachable()) {
                RouteCost cost = route.cost();
                json.writeNumberField("timeS", seconds(cost));
                json.writeNumberField("distanceM", round1(cost.distanceM()));
                json.writeStringField("polyline", cost.polyline());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeMatrix(JsonGenerator json, ProfileRoutes.PointMatrix matrix) throws IOException {
        if (matrix == null) {
            json.writeNullField("matrix");
            return;
        }
        json.writeObjectFieldStart("matrix");
        json.writeArrayFieldStart("pointIds");
        for (String id : matrix.pointIds()) {
            json.writeString(id);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("timeS");
        for (RouteCost[] row : matrix.costs()) {
            json.writeStartArray();
            for (RouteCost cost : row) {
                if (cost == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(Math.round(cost.timeMillis() / 1000.0));
                }
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("distanceM");
        for (RouteCost[] row : matrix.costs()) {
            json.writeStartArray();
            for (RouteCost cost : row) {
                if (cost == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(Math.round(cost.distanceM()));
                }
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static double seconds(RouteCost cost) {
        return round1(cost.timeMillis() / 1000.0);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round7(double value) {
        return Math.round(value * 1e7) / 1e7;
    }
}
