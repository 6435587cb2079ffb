package org.offlinepacks.tilepacker.cover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The tiles of one zoom level that a polygon covers, stored as sorted column ranges per row, so a
 * country at z14 stays small. Iterates rows north to south, columns west to east.
 */
public final class TileCover {
    private final int zoom;
    private final int firstRow;
    /** For each row from firstRow: [start0, end0, start1, end1, ...], inclusive, sorted, disjoint. */
    private final int[][] columnRangesByRow;

    private final long count;

    TileCover(int zoom, int firstRow, int[][] columnRangesByRow) {
        this.zoom = zoom;
        this.firstRow = firstRow;
        this.columnRangesByRow = columnRangesByRow;
        long total = 0;
        for (int[] ranges : columnRangesByRow) {
            for (int i = 0; i < ranges.length; i += 2) {
                total += ranges[i + 1] - ranges[i] + 1L;
            }
        }
        this.count = total;
    }

    public static TileCover empty(int zoom) {
        return new TileCover(zoom, 0, new int[0][]);
    }

    public int zoom() {
        return zoom;
    }

    public long count() {
        return count;
    }

    public boolean contains(TileId tile) {
        if (tile.z() != zoom) {
            return false;
        }
        int rowIndex = tile.y() - firstRow;
        if (rowIndex < 0 || rowIndex >= columnRangesByRow.length) {
            return false;
        }
        int[] ranges = columnRangesByRow[rowIndex];
        for (int i = 0; i < ranges.length; i += 2) {
            if (tile.x() >= ranges[i] && tile.x() <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    public void forEach(Consumer<TileId> action) {
        for (int r = 0; r < columnRangesByRow.length; r++) {
            int[] ranges = columnRangesByRow[r];
            for (int i = 0; i < ranges.length; i += 2) {
                for (int x = ranges[i]; x <= ranges[i + 1]; x++) {
                    action.accept(new TileId(zoom, x, firstRow + r));
                }
            }
        }
    }

    /**
     * Visits the cover in the order of the MBTiles key: columns west to east, and in each column its
     * runs of consecutive rows from south to north (TMS rows ascending). A sweep over the column
     * ranges' ends, so the cost grows with tiles and ranges, not with the bounding box.
     */
    public void forEachColumnRun(Consumer<ColumnRun> action) {
        int events = 0;
        for (int[] ranges : columnRangesByRow) {
            events += ranges.length;
        }
        // (x << 32) | (kind << 30) | row index; a row leaves (kind 0) before it enters (kind 1) at one x
        long[] sweep = new long[events];
        int n = 0;
        for (int r = 0; r < columnRangesByRow.length; r++) {
            int[] ranges = columnRangesByRow[r];
            for (int i = 0; i < ranges.length; i += 2) {
                sweep[n++] = ((long) ranges[i] << 32) | (1L << 30) | r;
                sweep[n++] = ((long) (ranges[i + 1] + 1) << 32) | r;
            }
        }
        Arrays.sort(sweep);
        BitSet active = new BitSet(columnRangesByRow.length);
        int top = (1 << zoom) - 1;
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < n; ) {
            int x = (int) (sweep[i] >>> 32);
            for (; i < n && (int) (sweep[i] >>> 32) == x; i++) {
                active.set((int) (sweep[i] & ((1 << 30) - 1)), (sweep[i] & (1L << 30)) != 0);
            }
            int nextX = i < n ? (int) (sweep[i] >>> 32) : x;
            runs.clear();
            // rows south to north: row indexes descending
            for (int end = active.previousSetBit(columnRangesByRow.length - 1); end >= 0; ) {
                int start = active.previousClearBit(end) + 1;
                runs.add(new int[] {top - (firstRow + end), top - (firstRow + start)});
                end = start == 0 ? -1 : active.previousSetBit(start - 1);
            }
            for (int column = x; column < nextX; column++) {
                for (int[] run : runs) {
                    action.accept(new ColumnRun(zoom, column, run[0], run[1]));
                }
            }
        }
    }

    /** The tiles in the order of {@link #forEach}, one at a time. */
    public Iterator<TileId> iterator() {
        return new Iterator<>() {
            private int row;
            private int range;
            private int x =
                    columnRangesByRow.length > 0 && columnRangesByRow[0].length > 0 ? columnRangesByRow[0][0] : 0;

            {
                skipEmptyRows();
            }

            private void skipEmptyRows() {
                while (row < columnRangesByRow.length && range >= columnRangesByRow[row].length) {
                    row++;
                    range = 0;
                    if (row < columnRangesByRow.length && columnRangesByRow[row].length > 0) {
                        x = columnRangesByRow[row][0];
                    }
                }
            }

            @Override
            public boolean hasNext() {
                return row < columnRangesByRow.length;
            }

            @Override
            public TileId next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TileId tile = new TileId(zoom, x, firstRow + row);
                int[] ranges = columnRangesByRow[row];
                if (x < ranges[range + 1]) {
                    x++;
                } else {
                    range += 2;
                    if (range < ranges.length) {
                        x = ranges[range];
                    } else {
                        skipEmptyRows();
                    }
                }
                return tile;
            }
        };
    }

    public List<TileId> tiles() {
        List<TileId> tiles = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, count));
        forEach(tiles::add);
        return tiles;
    }

    /**
     * At most {@code limit} tiles spread evenly over the cover (every (count/limit)-th tile), for
     * sampling sizes. Skips whole column ranges, so it stays cheap on covers of billions of tiles.
     */
    public List<TileId> sample(int limit) {
        List<TileId> sample = new ArrayList<>();
        if (count == 0 || limit <= 0) {
            return sample;
        }
        long step = Math.max(1, count / limit);
        long nextIndex = 0;
        long rangeStartIndex = 0;
        for (int r = 0; r < columnRangesByRow.length && sample.size() < limit; r++) {
            int[] ranges = columnRangesByRow[r];
            for (int i = 0; i < ranges.length && sample.size() < limit; i += 2) {
                long length = ranges[i + 1] - ranges[i] + 1L;
                while (nextIndex < rangeStartIndex + length && sample.size() < limit) {
                    sample.add(new TileId(zoom, (int) (ranges[i] + nextIndex - rangeStartIndex), firstRow + r));
                    nextIndex += step;
                }
                rangeStartIndex += length;
            }
        }
        return sample;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TileCover other && zoom == other.zoom && tiles().equals(other.tiles());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {zoom, count});
    }

    @Override
    public String toString() {
        return "TileCover[z" + zoom + ", " + count + " tiles]";
    }
}
