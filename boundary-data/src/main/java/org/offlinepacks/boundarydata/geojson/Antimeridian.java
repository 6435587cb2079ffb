package org.offlinepacks.boundarydata.geojson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Boundaries at the antimeridian (180°). RFC 7946 §3.1.9 asks for a geometry that crosses it to be
 * cut in two, one part on each side; boundaries are also written across it, with a ring edge from
 * 179.5° to -179.5°, which read as a plane is a band round the whole world. The rule here: a ring
 * edge never spans more than 180° of longitude, so an edge that jumps further crosses 180° the
 * short way (edges running along ±180° itself are not crossings). Both forms, written across and
 * cut, are then read as the same area.
 */
public final class Antimeridian {
    private Antimeridian() {}

    /** Whether a ring edge of the geometry jumps more than 180° of longitude (written across 180°). */
    public static boolean isWrittenAcross(Geometry lonLat) {
        for (Polygon polygon : polygons(lonLat)) {
            for (LineString ring : rings(polygon)) {
                Coordinate[] c = ring.getCoordinates();
                for (int i = 1; i < c.length; i++) {
                    if (jumps(c[i - 1].x, c[i].x)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The geometry with its polygons written across 180° made continuous: their longitudes then
     * leave [-180, 180] on one side. Returns the geometry itself when nothing is written across.
     *
     * @throws IllegalArgumentException for a ring that goes round a pole (its longitudes do not
     *     come back to where they started), which no map tile grid can hold
     */
    public static Geometry unwrap(Geometry lonLat) {
        if (!isWrittenAcross(lonLat)) {
            return lonLat;
        }
        GeometryFactory factory = lonLat.getFactory();
        List<Polygon> unwrapped = new ArrayList<>();
        for (Polygon polygon : polygons(lonLat)) {
            LinearRing shell = factory.createLinearRing(unwrapRing(polygon.getExteriorRing()));
            double shellMiddle = shell.getEnvelopeInternal().centre().x;
            LinearRing[] holes = new LinearRing[polygon.getNumInteriorRing()];
            for (int h = 0; h < holes.length; h++) {
                Coordinate[] hole = unwrapRing(polygon.getInteriorRingN(h));
                double holeMiddle =
                        factory.createLineString(hole).getEnvelopeInternal().centre().x;
                double shift = 360 * Math.round((shellMiddle - holeMiddle) / 360);
                for (Coordinate c : hole) {
                    c.x += shift;
                }
                holes[h] = factory.createLinearRing(hole);
            }
            unwrapped.add(factory.createPolygon(shell, holes));
        }
        return unwrapped.size() == 1 ? unwrapped.get(0) : factory.createMultiPolygon(unwrapped.toArray(Polygon[]::new));
    }

    /**
     * The narrowest span of longitudes that holds the geometry, across 180° when that is narrower:
     * {@code [west, east]} with west in [-180, 180) and east ≥ west, east beyond 180 when the span
     * crosses it. A band round the whole world is [-180, 180].
     */
    public static double[] longitudeSpan(Geometry lonLat) {
        List<double[]> spans = new ArrayList<>();
        for (Polygon polygon : polygons(unwrap(lonLat))) {
            Envelope env = polygon.getEnvelopeInternal();
            if (env.getWidth() >= 360) {
                return new double[] {-180, 180};
            }
            double shift = 360 * Math.floor((env.getMinX() + 180) / 360);
            spans.add(new double[] {env.getMinX() - shift, env.getMaxX() - shift});
        }
        if (spans.isEmpty()) {
            Envelope env = lonLat.getEnvelopeInternal();
            return new double[] {env.getMinX(), env.getMaxX()};
        }
        spans.sort(Comparator.comparingDouble(s -> s[0]));
        List<double[]> merged = new ArrayList<>();
        double furthestEast = Double.NEGATIVE_INFINITY;
        for (double[] span : spans) {
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(span.clone());
            }
            furthestEast = Math.max(furthestEast, span[1]);
        }
        // The widest gap between spans, going round the circle, is where the span does not pass.
        int gapAfter = merged.size() - 1;
        double widestGap = merged.get(0)[0] + 360 - furthestEast;
        for (int i = 0; i + 1 < merged.size(); i++) {
            double gap = merged.get(i + 1)[0] - merged.get(i)[1];
            if (gap > widestGap) {
                widestGap = gap;
                gapAfter = i;
            }
        }
        if (widestGap <= 0) {
            return new double[] {-180, 180};
        }
        if (gapAfter == merged.size() - 1) {
            return new double[] {merged.get(0)[0], furthestEast};
        }
        return new double[] {merged.get(gapAfter + 1)[0], merged.get(gapAfter)[1] + 360};
    }

    /** Whether the geometry lies on both sides of 180°: written across it, or cut at it (RFC 7946). */
    public static boolean crosses(Geometry lonLat) {
        return longitudeSpan(lonLat)[1] > 180;
    }

    /**
     * A polygonal geometry folded into one period {@code [west, west + period)} of x: what lies
     * beyond is cut off and shifted back by whole periods (for degrees: -180, 360; for Web Mercator
     * world units: 0, 1). Returns the geometry itself when it already lies within.
     */
    public static Geometry wrap(Geometry polygonal, double west, double period) {
        Envelope env = polygonal.getEnvelopeInternal();
        if (polygonal.isEmpty() || (env.getMinX() >= west && env.getMaxX() <= west + period)) {
            return polygonal;
        }
        GeometryFactory factory = polygonal.getFactory();
        long first = (long) Math.floor((env.getMinX() - west) / period);
        long last = (long) Math.floor((env.getMaxX() - west) / period);
        List<Geometry> pieces = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            Envelope slot =
                    new Envelope(west + k * period, west + (k + 1) * period, env.getMinY() - 1, env.getMaxY() + 1);
            Geometry piece = OverlayNGRobust.overlay(polygonal, factory.toGeometry(slot), OverlayNG.INTERSECTION);
            if (!piece.isEmpty()) {
                pieces.add(
                        AffineTransformation.translationInstance(-k * period, 0).transform(piece));
            }
        }
        Geometry union = OverlayNGRobust.union(factory.buildGeometry(pieces));
        @SuppressWarnings("unchecked")
        List<Polygon> parts = PolygonExtracter.getPolygons(union);
        return parts.size() == 1 ? parts.get(0) : factory.createMultiPolygon(parts.toArray(Polygon[]::new));
    }

    private static boolean jumps(double lon0, double lon1) {
        return Math.abs(lon1 - lon0) > 180 && !(Math.abs(lon0) == 180 && Math.abs(lon1) == 180);
    }

    private static Coordinate[] unwrapRing(LineString ring) {
        Coordinate[] c =
                Arrays.stream(ring.getCoordinates()).map(Coordinate::copy).toArray(Coordinate[]::new);
        double offset = 0;
        double previous = c[0].x;
        for (int i = 1; i < c.length; i++) {
            double raw = c[i].x;
            if (jumps(previous, raw)) {
                offset -= 360 * Math.signum(raw - previous);
            }
            previous = raw;
            c[i].x = raw + offset;
        }
        if (Math.abs(c[c.length - 1].x - c[0].x) > 1e-9) {
            throw new IllegalArgumentException("a ring of the boundary goes round a pole (its longitudes pass 180° and"
                    + " do not come back), which map tiles cannot show; cut it into parts that stay between -180°"
                    + " and 180° and away from the pole");
        }
        return c;
    }

    private static List<Polygon> polygons(Geometry geometry) {
        if (!(geometry instanceof Polygonal)) {
            return List.of();
        }
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            polygons.add((Polygon) geometry.getGeometryN(i));
        }
        return polygons;
    }

    private static List<LineString> rings(Polygon polygon) {
        List<LineString> rings = new ArrayList<>();
        rings.add(polygon.getExteriorRing());
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            rings.add(polygon.getInteriorRingN(h));
        }
        return rings;
    }
}
