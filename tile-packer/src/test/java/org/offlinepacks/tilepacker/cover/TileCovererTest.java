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

class TileCovererTest {
    private static final GeometryFactory GF = new GeometryFactory();

    /** The slow reference: every tile of the bounding box tested with JTS. */
    static Set<TileId> bruteForceCover(Geometry world, int zoom) {
        int n = 1 << zoom;
        Envelope env = world.getEnvelopeInternal();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(world);
        Set<TileId> tiles = new TreeSet<>();
        int x0 = Math.max(0, (int) Math.floor(env.getMinX() * n));
        int x1 = Math.min(n - 1, (int) Math.floor(env.getMaxX() * n));
        int y0 = Math.max(0, (int) Math.floor(env.getMinY() * n));
        int y1 = Math.min(n - 1, (int) Math.floor(env.getMaxY() * n));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                Geometry square = GF.toGeometry(
                        new Envelope((double) x / n, (double) (x + 1) / n, (double) y / n, (double) (y + 1) / n));
                if (prepared.intersects(square)) {
                    tiles.add(new TileId(zoom, x, y));
                }
            }
        }
        return tiles;
    }

    static Polygon star(Random random, double cx, double cy, double rMin, double rMax, int vertices) {
        Coordinate[] ring = new Coordinate[vertices + 1];
        for (int i = 0; i < vertices; i++) {
            double angle = 2 * Math.PI * i / vertices;
            double r = rMin + random.nextDouble() * (rMax - rMin);
            ring[i] = new Coordinate(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
        }
        ring[vertices] = ring[0];
        return GF.createPolygon(ring);
    }

    static Geometry randomArea(Random random, double size) {
        double cx = 0.2 + random.nextDouble() * 0.6;
        double cy = 0.2 + random.nextDouble() * 0.6;
        int kind = random.nextInt(3);
        Polygon outer = star(random, cx, cy, size * 0.5, size, 3 + random.nextInt(40));
        if (kind == 0) {
            return outer;
        }
        Polygon hole = star(random, cx, cy, size * 0.05, size * 0.4, 3 + random.nextInt(20));
        if (kind == 1) {
            return outer.difference(hole);
        }
        double cx2 = cx + 2.5 * size;
        Polygon second = star(random, cx2, cy + random.nextDouble() * size, size * 0.3, size, 3 + random.nextInt(40));
        Polygon secondHole = star(random, cx2, cy, size * 0.01, size * 0.2, 5);
        return outer.difference(hole).union(second.difference(secondHole));
    }

    @Test
    void coverEqualsBruteForceForRandomPolygonsHolesAndMultipolygons() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 150; round++) {
            int zoom = 4 + random.nextInt(12);
            double size = (5 + random.nextInt(40)) / (double) (1 << zoom);
            Geometry area = randomArea(random, size);
            assertTrue(area.isValid(), "seed " + seed + " round " + round + ": generator made an invalid polygon");
            Set<TileId> expected = bruteForceCover(area, zoom);
            Set<TileId> actual = new TreeSet<>(TileCoverer.cover(area, zoom).tiles());
            assertEquals(expected, actual, "seed " + seed + " round " + round + " zoom " + zoom + " area " + area);
            assertEquals(expected.size(), TileCoverer.cover(area, zoom).count(), "seed " + seed);
        }
    }

    @Test
    void bufferedBoundaryCoverEqualsBruteForce() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            double lon = -170 + random.nextDouble() * 340;
            double lat = -70 + random.nextDouble() * 140;
            double r = 0.01 + random.nextDouble() * 0.05;
            Polygon lonLat = star(random, lon, lat, r / 2, r, 8 + random.nextInt(30));
            double bufferM = random.nextInt(3) * 500.0;
            int zoom = 10 + random.nextInt(5);
            Geometry area = CoverPlanner.bufferedWorldArea(lonLat, bufferM);
            PackCover cover = CoverPlanner.plan(lonLat, zoom, zoom, bufferM);
            assertEquals(
                    bruteForceCover(area, zoom),
                    new TreeSet<>(cover.byZoom().get(0).tiles()),
                    "seed " + seed + " round " + round);
        }
    }

    @Test
    void bufferReachesAtLeastTheAskedGroundDistance() {
        // A tiny square near Andorra la Vella; 2 km buffer at z14 (tiles ~1.2 km wide there).
        Polygon square = (Polygon) GF.toGeometry(new Envelope(1.52, 1.5201, 42.5063, 42.5064));
        PackCover unbuffered = CoverPlanner.plan(square, 14, 14, 0);
        PackCover buffered = CoverPlanner.plan(square, 14, 14, 2000);
        assertEquals(1, unbuffered.count());
        // 2 km east of the square (1° lon ≈ 82 km at this latitude) must be inside the buffered cover.
        double lonEast = 1.5201 + 1.99 / 82.0;
        assertTrue(buffered.contains(WebMercator.tileAt(lonEast, 42.5063, 14)));
        double latNorth = 42.5064 + 1.99 / 111.2;
        assertTrue(buffered.contains(WebMercator.tileAt(1.52, latNorth, 14)));
    }

    @Test
    void coverCostFollowsTilesNotBoundingBox() {
        // A thin diagonal sliver across a large bbox: the brute force would test 10^8 tiles.
        Polygon sliver = GF.createPolygon(new Coordinate[] {
            new Coordinate(0.1, 0.1),
            new Coordinate(0.6, 0.6),
            new Coordinate(0.6, 0.6 + 1e-7),
            new Coordinate(0.1, 0.1)
        });
        long start = System.nanoTime();
        TileCover cover = TileCoverer.cover(sliver, 16);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(cover.count() > 32_000 && cover.count() < 4 * 32_768, "count " + cover.count());
        assertTrue(ms < 2000, "took " + ms + " ms");
    }

    @Test
    void wholeWorldAtZoomTwoIsSixteenTiles() {
        Polygon world = (Polygon) GF.toGeometry(new Envelope(-180, 180, -89, 89));
        assertEquals(16, CoverPlanner.plan(world, 2, 2, 0).count());
        assertEquals(1 + 4 + 16, CoverPlanner.plan(world, 0, 2, 0).count());
    }

    @Test
    void sampleSpreadsOverTheCover() {
        Polygon square = (Polygon) GF.toGeometry(new Envelope(1.4, 1.8, 42.4, 42.7));
        TileCover cover = CoverPlanner.plan(square, 14, 14, 0).byZoom().get(0);
        List<TileId> sample = new ArrayList<>(cover.sample(10));
        assertEquals(10, sample.size());
        assertTrue(sample.stream().allMatch(cover::contains));
        List<TileId> all = cover.tiles();
        long step = cover.count() / 10;
        for (int i = 0; i < 10; i++) {
            assertEquals(all.get((int) (i * step)), sample.get(i));
        }
    }

    @Test
    void coversCompareByTheirTiles() {
        Polygon a = (Polygon) GF.toGeometry(new Envelope(1.4, 1.8, 42.4, 42.7));
        Polygon sameTiles = (Polygon) GF.toGeometry(new Envelope(1.4001, 1.7999, 42.4001, 42.6999));
        assertEquals(
                CoverPlanner.plan(a, 12, 12, 0).byZoom().get(0),
                CoverPlanner.plan(sameTiles, 12, 12, 0).byZoom().get(0));
        assertTrue(!CoverPlanner.plan(a, 12, 12, 0)
                .byZoom()
                .get(0)
                .equals(CoverPlanner.plan(a, 12, 12, 5000).byZoom().get(0)));
    }

    @Test
    void samplingAHugeCoverIsCheap() {
        Polygon country = (Polygon) GF.toGeometry(new Envelope(-5, 10, 41, 51));
        long start = System.nanoTime();
        TileCover cover = CoverPlanner.plan(country, 22, 22, 0).byZoom().get(0);
        List<TileId> sample = cover.sample(4);
        assertTrue(cover.count() > 1_000_000_000L, "count " + cover.count());
        assertEquals(4, sample.size());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3000);
    }

    @Test
    void columnRunsVisitEveryTileOnceInMbtilesKeyOrderAndTheIteratorMatchesForEach() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 150; round++) {
            int zoom = 4 + random.nextInt(12);
            double size = (5 + random.nextInt(40)) / (double) (1 << zoom);
            TileCover cover = TileCoverer.cover(randomArea(random, size), zoom);
            List<TileId> inRowOrder = cover.tiles();
            List<TileId> iterated = new ArrayList<>();
            cover.iterator().forEachRemaining(iterated::add);
            assertEquals(inRowOrder, iterated, "seed " + seed + " round " + round);

            List<TileId> inKeyOrder = new ArrayList<>();
            List<ColumnRun> runs = new ArrayList<>();
            cover.forEachColumnRun(run -> {
                runs.add(run);
                for (int row = run.firstTmsRow(); row <= run.lastTmsRow(); row++) {
                    inKeyOrder.add(run.tile(row));
                }
            });
            assertEquals(new TreeSet<>(inRowOrder), new TreeSet<>(inKeyOrder), "seed " + seed + " round " + round);
            assertEquals(inRowOrder.size(), inKeyOrder.size(), "seed " + seed + " round " + round + ": a tile twice");
            for (int i = 1; i < inKeyOrder.size(); i++) {
                TileId a = inKeyOrder.get(i - 1);
                TileId b = inKeyOrder.get(i);
                assertTrue(
                        a.x() < b.x() || (a.x() == b.x() && a.tmsRow() < b.tmsRow()),
                        "seed " + seed + " round " + round + ": " + a + " before " + b);
            }
            for (int i = 1; i < runs.size(); i++) {
                ColumnRun a = runs.get(i - 1);
                ColumnRun b = runs.get(i);
                assertTrue(
                        a.x() != b.x() || a.lastTmsRow() + 1 < b.firstTmsRow(),
                        "seed " + seed + " round " + round + ": runs " + a + " and " + b + " should be one");
            }
        }
    }
}
