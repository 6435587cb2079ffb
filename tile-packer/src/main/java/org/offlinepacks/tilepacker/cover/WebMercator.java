package org.offlinepacks.tilepacker.cover;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * Web Mercator in "world units": x from 0 (180°W) to 1 (180°E), y from 0 (85.0511°N) to 1
 * (85.0511°S). Multiplying by 2^z gives tile coordinates at zoom z. Both axes have the same scale,
 * so distances (buffers) can be measured in it.
 */
public final class WebMercator {
    public static final double MAX_LAT = 85.0511287798066;
    public static final double EARTH_RADIUS_M = 6378137.0;

    private WebMercator() {}

    public static double worldX(double lon) {
        return (lon + 180.0) / 360.0;
    }

    public static double worldY(double lat) {
        double clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
        double sin = Math.sin(Math.toRadians(clamped));
        double y = 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
        return Math.max(0.0, Math.min(1.0, y));
    }

    public static double lon(double worldX) {
        return worldX * 360.0 - 180.0;
    }

    public static double lat(double worldY) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * worldY))));
    }

    /** How many ground metres one world unit spans at a latitude. */
    public static double metresPerWorldUnit(double lat) {
        return 2 * Math.PI * EARTH_RADIUS_M * Math.cos(Math.toRadians(lat));
    }

    /** The tile containing a point at a zoom (XYZ scheme), points on the grid's far edges clamped in. */
    public static TileId tileAt(double lon, double lat, int zoom) {
        int n = 1 << zoom;
        int x = (int) Math.min(n - 1, Math.floor(worldX(lon) * n));
        int y = (int) Math.min(n - 1, Math.floor(worldY(lat) * n));
        return new TileId(zoom, Math.max(0, x), Math.max(0, y));
    }

    /** A copy of a WGS84 geometry (x = lon, y = lat) in world units, latitudes clamped. */
    public static Geometry toWorld(Geometry lonLat) {
        Geometry copy = lonLat.copy();
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                Coordinate c = seq.getCoordinate(i);
                seq.setOrdinate(i, 0, worldX(c.x));
                seq.setOrdinate(i, 1, worldY(c.y));
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        copy.geometryChanged();
        return copy;
    }
}
