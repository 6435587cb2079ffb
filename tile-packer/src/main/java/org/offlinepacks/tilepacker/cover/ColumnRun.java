package org.offlinepacks.tilepacker.cover;

/**
 * Tiles of one column of a cover with consecutive rows, in the MBTiles key's terms: zoom, column,
 * and TMS rows (row 0 at the south) from {@code firstTmsRow} to {@code lastTmsRow}, inclusive.
 * Visiting a cover's runs in order visits its tiles in the order of the MBTiles primary key
 * (zoom, column, TMS row), the order in which a file needs no reorganising.
 */
public record ColumnRun(int zoom, int x, int firstTmsRow, int lastTmsRow) {
    public ColumnRun {
        if (firstTmsRow > lastTmsRow) {
            throw new IllegalArgumentException("empty run " + firstTmsRow + ".." + lastTmsRow);
        }
    }

    public int length() {
        return lastTmsRow - firstTmsRow + 1;
    }

    /** The XYZ row (north at 0) of a TMS row of this run's zoom. */
    public int y(int tmsRow) {
        return (1 << zoom) - 1 - tmsRow;
    }

    /** The tile of this column at a TMS row. */
    public TileId tile(int tmsRow) {
        return TileId.fromTms(zoom, x, tmsRow);
    }
}
