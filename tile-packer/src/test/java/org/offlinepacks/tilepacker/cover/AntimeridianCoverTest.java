package org.offlinepacks.tilepacker.cover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * Polygons across 180°, written across (longitudes jump from 179.x to -179.x) and cut at 180° (RFC
 * 7946): their covers against a brute-force reference that tests every tile against the unwrapped
 * polygon and its copies one world to the east and west.
 */
class AntimeridianCoverTest {
    private static final GeometryFactory GF = new GeometryFactory();

    /** A random star around (180°, lat), in continuous longitudes (some beyond 180). */
    private static Polygon unwrappedStar(Random random, double lat, double radiusDeg) {
        int vertices = 3 + random.nextInt(30);
        double centreLon = 180 + (random.nextDouble() - 0.5) * radiusDeg;
        Coordinate[] ring = new Coordinate[vertices + 1];
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            double r = radiusDeg * (0.3 + 0.7 * random.nextDouble());
            ring[i] = new Coordinate(centreLon + r * Math.cos(angle), lat + r * Math.sin(angle));
        }
        ring[vertices] = ring[0];
        return GF.createPolygon(ring);
    }

    /** The same ring with every longitude brought into [-180, 180): an edge jumps across 180°. */
    private static Polygon writtenAcross(Polygon unwrapped) {
        Coordinate[] ring = unwrapped.getExteriorRing().copy().getCoordinates();
        for (Coordinate c : ring) {
            c.x = c.x >= 180 ? c.x - 360 : c.x;
        }
        return GF.createPolygon(ring);
    }

    /** The polygon cut at 180°, the eastern part moved one world west (RFC 7946 §3.1.9). */
    private static Geometry cutAt180(Polygon unwrapped) {
        Geometry west = unwrapped.intersection(GF.toGeometry(new Envelope(-180, 180, -90, 90)));
        Geometry east = AffineTransformation.translationInstance(-360, 0)
                .transform(unwrapped.intersection(GF.toGeometry(new Envelope(180, 540, -90, 90))));
        List<Polygon> parts = new ArrayList<>();
        for (Geometry g : List.of(west, east)) {
            for (Object p : PolygonExtracter.getPolygons(g)) {
                parts.add((Polygon) p);
            }
        }
        return GF.createMultiPolygon(parts.toArray(Polygon[]::new));
    }

    /** Every tile whose square intersects the geometry (edges straight in Web Mercator, as the cover's). */
    private static Set<TileId> bruteForce(Geometry unwrappedLonLat, int zoom) {
        Geometry world = WebMercator.toWorld(unwrappedLonLat);
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(world);
        int n = 1 << zoom;
        Envelope env = world.getEnvelopeInternal();
        Set<TileId> tiles = new TreeSet<>();
        int y0 = Math.max(0, (int) Math.floor(env.getMinY() * n));
        int y1 = Math.min(n - 1, (int) Math.floor(env.getMaxY() * n));
        for (int y = y0; y <= y1; y++) {
            for (int x = 0; x < n; x++) {
                for (int shift = -1; shift <= 1; shift++) {
                    Geometry square = GF.toGeometry(new Envelope(
                            (double) (x + shift * n) / n,
                            (double) (x + 1 + shift * n) / n,
                            (double) y / n,
                            (double) (y + 1) / n));
                    if (prepared.intersects(square)) {
                        tiles.add(new TileId(zoom, x, y));
                    }
                }
            }
        }
        return tiles;
    }

    @Test
    void writtenAcrossAndCutCoverTheSameTilesAsTheBruteForceReference() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 60; round++) {
            int zoom = 3 + random.nextInt(9);
            Polygon unwrapped = unwrappedStar(random, -60 + 120 * random.nextDouble(), 0.05 + 2 * random.nextDouble());
            Set<TileId> reference = bruteForce(unwrapped, zoom);
            String where = "seed " + seed + " round " + round + " z" + zoom + " " + unwrapped;

            assertEquals(reference, tiles(CoverPlanner.plan(writtenAcross(unwrapped), zoom, zoom, 0)), where);
            // cut at 180 in degrees, the cut edge's point at 180 lies off the straight Mercator edge:
            // a tile that only the cut polygon touches is right for it (seed 14623006714221, round 49)
            Geometry cut = cutAt180(unwrapped);
            assertEquals(bruteForce(cut, zoom), tiles(CoverPlanner.plan(cut, zoom, zoom, 0)), where);
        }
    }

    @Test
    void aBufferSpillsAcross180TheSameWayForBothForms() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            int zoom = 6 + random.nextInt(6);
            double bufferM = 1000 + random.nextInt(30_000);
            Polygon unwrapped = unwrappedStar(random, -50 + 100 * random.nextDouble(), 0.05 + random.nextDouble());
            String where = "seed " + seed + " round " + round + " z" + zoom + " buffer " + bufferM;

            Set<TileId> across = tiles(CoverPlanner.plan(writtenAcross(unwrapped), zoom, zoom, bufferM));
            assertEquals(across, tiles(CoverPlanner.plan(cutAt180(unwrapped), zoom, zoom, bufferM)), where);
            assertTrue(across.containsAll(bruteForce(unwrapped, zoom)), where);
        }
    }

    @Test
    void aBufferPastTheAntimeridianOfABoundaryThatStopsShortOfItIsKept() {
        // 179.9° to 179.99°: a 5 km buffer reaches past 180°, onto the grid's first column
        Polygon near = GF.createPolygon(new Coordinate[] {
            new Coordinate(179.9, -17),
            new Coordinate(179.99, -17),
            new Coordinate(179.99, -17.1),
            new Coordinate(179.9, -17.1),
            new Coordinate(179.9, -17)
        });
        Set<TileId> tiles = tiles(CoverPlanner.plan(near, 12, 12, 5000));
        assertTrue(tiles.stream().anyMatch(t -> t.x() == 0), tiles.toString());
        assertTrue(tiles.stream().anyMatch(t -> t.x() == (1 << 12) - 1), tiles.toString());
    }

    private static Set<TileId> tiles(PackCover cover) {
        Set<TileId> tiles = new TreeSet<>();
        cover.forEach(tiles::add);
        return tiles;
    }
}
