package org.offlinepacks.tilepacker.cover;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;
import org.offlinepacks.boundarydata.geojson.Antimeridian;

/** Turns a boundary (WGS84, x = lon, y = lat) into its tile cover over a zoom range. */
public final class CoverPlanner {

    private CoverPlanner() {}

    public static PackCover plan(Geometry boundaryLonLat, int minZoom, int maxZoom, double bufferM) {
        if (minZoom < 0 || maxZoom > TileId.MAX_ZOOM || minZoom > maxZoom) {
            throw new IllegalArgumentException("zoom range must satisfy 0 <= min <= max <= " + TileId.MAX_ZOOM
                    + ", got " + minZoom + ".." + maxZoom);
        }
        Geometry area = bufferedWorldArea(boundaryLonLat, bufferM);
        List<TileCover> covers = new ArrayList<>();
        for (int z = minZoom; z <= maxZoom; z++) {
            covers.add(TileCoverer.cover(area, z));
        }
        return new PackCover(covers);
    }

    /**
     * The boundary in world units, buffered by {@code bufferM} ground metres. Mercator stretches
     * distances by 1/cos(lat); the stretch at the boundary's most poleward latitude is used, so the
     * buffer is never narrower than asked anywhere in the boundary. A boundary across the
     * antimeridian ({@link Antimeridian}) is buffered in one piece, then what lies past 180° (of
     * the boundary or of its buffer) is folded back onto the other side of the grid.
     */
    public static Geometry bufferedWorldArea(Geometry boundaryLonLat, double bufferM) {
        if (!(boundaryLonLat instanceof Polygonal)) {
            throw new IllegalArgumentException(
                    "a boundary must be a Polygon or MultiPolygon, got " + boundaryLonLat.getGeometryType());
        }
        if (bufferM < 0) {
            throw new IllegalArgumentException("buffer must be >= 0 metres, got " + bufferM);
        }
        Geometry world = WebMercator.toWorld(Antimeridian.unwrap(boundaryLonLat));
        Geometry area;
        if (bufferM == 0) {
            area = world.isValid() ? world : world.buffer(0);
        } else {
            Envelope env = boundaryLonLat.getEnvelopeInternal();
            double poleward = Math.min(WebMercator.MAX_LAT, Math.max(Math.abs(env.getMinY()), Math.abs(env.getMaxY())));
            double distance = bufferM / WebMercator.metresPerWorldUnit(poleward);
            area = BufferOp.bufferOp(world, distance, new BufferParameters(16));
        }
        return Antimeridian.wrap(area, 0, 1);
    }
}
