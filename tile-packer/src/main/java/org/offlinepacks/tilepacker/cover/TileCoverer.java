package org.offlinepacks.tilepacker.cover;

import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * Computes the exact set of tiles whose (closed) square intersects a polygonal geometry in world
 * units, by a scanline over tile rows: the tiles that the rings pass through, plus the tiles whose
 * centre lies inside (even-odd crossings of the row's centre line). A tile that no ring touches is
 * either wholly inside or wholly outside, so its centre decides. Cost grows with the number of
 * edges and tiles, not with the bounding box.
 */
public final class TileCoverer {
    private TileCoverer() {}

    public static TileCover cover(Geometry worldGeometry, int zoom) {
        if (!(worldGeometry instanceof Polygonal)) {
            throw new IllegalArgumentException(
                    "tile cover needs a Polygon or MultiPolygon, got " + worldGeometry.getGeometryType());
        }
        if (worldGeometry.isEmpty()) {
            return TileCover.empty(zoom);
        }
        int n = 1 << zoom;
        Envelope env = worldGeometry.getEnvelopeInternal();
        int firstRow = clamp((int) Math.floor(env.getMinY() * n), n);
        int lastRow = clamp((int) Math.floor(env.getMaxY() * n), n);
        RowBuffers rows = new RowBuffers(firstRow, lastRow - firstRow + 1);
        for (int i = 0; i < worldGeometry.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) worldGeometry.getGeometryN(i);
            addRing(polygon.getExteriorRing(), n, rows);
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                addRing(polygon.getInteriorRingN(h), n, rows);
            }
        }
        return new TileCover(zoom, firstRow, rows.toColumnRanges(n));
    }

    private static void addRing(LineString ring, int n, RowBuffers rows) {
        Coordinate[] coords = ring.getCoordinates();
        for (int i = 0; i + 1 < coords.length; i++) {
            addEdge(coords[i].x * n, coords[i].y * n, coords[i + 1].x * n, coords[i + 1].y * n, n, rows);
        }
    }

    /** Edge in tile units: marks the tiles it passes through and its crossings of row centre lines. */
    private static void addEdge(double x0, double y0, double x1, double y1, int n, RowBuffers rows) {
        double yMin = Math.min(y0, y1);
        double yMax = Math.max(y0, y1);
        // Parts of the area beyond the grid (a buffer past 85.05°) cover nothing; CoverPlanner folds
        // what lies past the antimeridian back onto the grid.
        int rowFrom = (int) Math.max(rows.firstRow, Math.floor(yMin));
        int rowTo = (int) Math.min(rows.lastRow(), Math.floor(yMax));
        boolean horizontal = y0 == y1;
        double dxdy = horizontal ? 0 : (x1 - x0) / (y1 - y0);
        for (int row = rowFrom; row <= rowTo; row++) {
            double xa;
            double xb;
            if (horizontal) {
                xa = x0;
                xb = x1;
            } else {
                double bandTop = Math.max(yMin, row);
                double bandBottom = Math.min(yMax, row + 1);
                xa = x0 + (bandTop - y0) * dxdy;
                xb = x0 + (bandBottom - y0) * dxdy;
            }
            double xMin = Math.min(xa, xb);
            double xMax = Math.max(xa, xb);
            if (xMax < 0 || xMin > n) {
                continue;
            }
            rows.addRange(row, clamp((int) Math.floor(xMin), n), clamp((int) Math.floor(xMax), n));
        }
        if (horizontal) {
            return;
        }
        // Centre lines y = row + 0.5 with yMin <= y < yMax (half-open, so a vertex counts once).
        int centreFrom = Math.max(rows.firstRow, (int) Math.ceil(yMin - 0.5));
        int centreTo = Math.min(rows.lastRow(), (int) Math.ceil(yMax - 0.5) - 1);
        for (int row = centreFrom; row <= centreTo; row++) {
            rows.addCrossing(row, x0 + (row + 0.5 - y0) * dxdy);
        }
    }

    private static int clamp(int value, int n) {
        return Math.max(0, Math.min(n - 1, value));
    }

    /** Per row: column ranges touched by edges, and x positions where edges cross the centre line. */
    private static final class RowBuffers {
        final int firstRow;
        final int[][] ranges;
        final int[] rangeLengths;
        final double[][] crossings;
        final int[] crossingCounts;

        RowBuffers(int firstRow, int rowCount) {
            this.firstRow = firstRow;
            this.ranges = new int[rowCount][];
            this.rangeLengths = new int[rowCount];
            this.crossings = new double[rowCount][];
            this.crossingCounts = new int[rowCount];
        }

        int lastRow() {
            return firstRow + ranges.length - 1;
        }

        void addRange(int row, int from, int to) {
            int r = row - firstRow;
            int len = rangeLengths[r];
            if (len >= 2 && ranges[r][len - 2] <= to + 1 && ranges[r][len - 1] >= from - 1) {
                // Consecutive edges mostly touch the same or neighbouring tiles: merge in place.
                ranges[r][len - 2] = Math.min(ranges[r][len - 2], from);
                ranges[r][len - 1] = Math.max(ranges[r][len - 1], to);
                return;
            }
            if (ranges[r] == null) {
                ranges[r] = new int[8];
            } else if (len + 2 > ranges[r].length) {
                ranges[r] = Arrays.copyOf(ranges[r], ranges[r].length * 2);
            }
            ranges[r][len] = from;
            ranges[r][len + 1] = to;
            rangeLengths[r] = len + 2;
        }

        void addCrossing(int row, double x) {
            int r = row - firstRow;
            int count = crossingCounts[r];
            if (crossings[r] == null) {
                crossings[r] = new double[4];
            } else if (count == crossings[r].length) {
                crossings[r] = Arrays.copyOf(crossings[r], count * 2);
            }
            crossings[r][count] = x;
            crossingCounts[r] = count + 1;
        }

        int[][] toColumnRanges(int n) {
            int[][] result = new int[ranges.length][];
            for (int r = 0; r < ranges.length; r++) {
                int[] all = new int[rangeLengths[r] + crossingCounts[r]];
                int len = 0;
                for (int i = 0; i < rangeLengths[r]; i++) {
                    all[len++] = ranges[r][i];
                }
                if (crossingCounts[r] > 0) {
                    double[] xs = Arrays.copyOf(crossings[r], crossingCounts[r]);
                    Arrays.sort(xs);
                    for (int i = 0; i + 1 < xs.length; i += 2) {
                        int from = Math.max(0, (int) Math.ceil(xs[i] - 0.5));
                        int to = Math.min(n - 1, (int) Math.floor(xs[i + 1] - 0.5));
                        if (from <= to) {
                            all[len++] = from;
                            all[len++] = to;
                        }
                    }
                }
                result[r] = mergeRanges(all, len);
            }
            return result;
        }

        private static int[] mergeRanges(int[] flat, int len) {
            int count = len / 2;
            if (count == 0) {
                return new int[0];
            }
            long[] packed = new long[count];
            for (int i = 0; i < count; i++) {
                packed[i] = ((long) flat[2 * i] << 32) | (flat[2 * i + 1] & 0xffffffffL);
            }
            Arrays.sort(packed);
            int[] merged = new int[len];
            int out = 0;
            for (long p : packed) {
                int from = (int) (p >>> 32);
                int to = (int) p;
                if (out > 0 && from <= merged[out - 1] + 1) {
                    merged[out - 1] = Math.max(merged[out - 1], to);
                } else {
                    merged[out++] = from;
                    merged[out++] = to;
                }
            }
            return Arrays.copyOf(merged, out);
        }
    }
}
