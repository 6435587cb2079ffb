package org.offlinepacks.routing.clip;

import java.util.Objects;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The boundary buffered by a distance in metres, in WGS84 (x = lon, y = lat), with a fast
 * point-in-area test. The buffer is computed in a local equirectangular projection centred on the
 * boundary, which is accurate to well under 1% for the few-kilometre buffers of a routing pack.
 */
public final class ClipArea {
    private static final double METRES_PER_DEGREE_LAT = 111_320.0;

    private final Geometry areaLonLat;
    private final PreparedGeometry prepared;
    private final Envelope envelopeLonLat;
    private final GeometryFactory factory;

    private ClipArea(Geometry areaLonLat) {
        this.areaLonLat = areaLonLat;
        this.prepared = PreparedGeometryFactory.prepare(areaLonLat);
        this.envelopeLonLat = areaLonLat.getEnvelopeInternal();
        this.factory = areaLonLat.getFactory();
    }

    /** The boundary (lon/lat) grown by {@code bufferM} metres on every side. */
    public static ClipArea around(Geometry boundaryLonLat, double bufferM) {
        Objects.requireNonNull(boundaryLonLat, "boundaryLonLat");
        Coordinate centre = boundaryLonLat.getEnvelopeInternal().centre();
        double metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(centre.y));
        Geometry local = boundaryLonLat.copy();
        local.apply(shift(centre, metresPerDegreeLon, true));
        Geometry bufferedLocal = bufferM > 0 ? local.buffer(bufferM, 8) : local.buffer(0);
        bufferedLocal.apply(shift(centre, metresPerDegreeLon, false));
        bufferedLocal.geometryChanged();
        return new ClipArea(bufferedLocal);
    }

    private static CoordinateFilter shift(Coordinate centre, double metresPerDegreeLon, boolean toLocal) {
        return c -> {
            if (toLocal) {
                c.x = (c.x - centre.x) * metresPerDegreeLon;
                c.y = (c.y - centre.y) * METRES_PER_DEGREE_LAT;
            } else {
                c.x = c.x / metresPerDegreeLon + centre.x;
                c.y = c.y / METRES_PER_DEGREE_LAT + centre.y;
            }
        };
    }

    public boolean containsLonLat(double lon, double lat) {
        if (!envelopeLonLat.contains(lon, lat)) {
            return false;
        }
        return prepared.covers(factory.createPoint(new Coordinate(lon, lat)));
    }

    public Geometry geometryLonLat() {
        return areaLonLat;
    }

    public Envelope envelopeLonLat() {
        return new Envelope(envelopeLonLat);
    }
}
