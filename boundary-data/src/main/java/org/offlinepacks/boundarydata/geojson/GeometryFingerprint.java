package org.offlinepacks.boundarydata.geojson;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A boundary's version: a hash of its normalized geometry. Ring order, ring direction, the starting
 * vertex and coordinate noise below 1e-7 degrees (about a centimetre) do not change it, so an
 * unchanged boundary keeps its version however its GeoJSON was written.
 */
public final class GeometryFingerprint {
    private static final double SCALE = 1e7;

    private GeometryFingerprint() {}

    /** 16 hex digits (64 bits of SHA-256). */
    public static String of(Geometry geometry) {
        Geometry normalized = geometry.copy();
        normalized.normalize();
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(16);
        for (int i = 0; i < normalized.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) normalized.getGeometryN(i);
            sha256.update((byte) 'P');
            digestRing(sha256, buffer, polygon.getExteriorRing().getCoordinates());
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                sha256.update((byte) 'H');
                digestRing(sha256, buffer, polygon.getInteriorRingN(h).getCoordinates());
            }
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }

    private static void digestRing(
            MessageDigest sha256, ByteBuffer buffer, org.locationtech.jts.geom.Coordinate[] coordinates) {
        for (var coordinate : coordinates) {
            buffer.clear();
            buffer.putLong(Math.round(coordinate.x * SCALE)).putLong(Math.round(coordinate.y * SCALE));
            sha256.update(buffer.array());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
