package org.offlinepacks.tilepacker.cover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
