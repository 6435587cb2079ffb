package org.offlinepacks.tilepacker.cover;

/**
 * One tile in the XYZ scheme (row 0 at the north). MBTiles stores rows in the TMS scheme (row 0 at
 * the south): use {@link #tmsRow()} and {@link #fromTms} at that edge only.
 */
public record TileId(int z, int x, int y) implements Comparable<TileId> {
    public static final int MAX_ZOOM = 24;

    public TileId {
        if (z < 0 || z > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom must be in 0.." + MAX_ZOOM + ", got " + z);
        }
        int n = 1 << z;
        if (x < 0 || x >= n || y < 0 || y >= n) {
            throw new IllegalArgumentException("tile " + z + "/" + x + "/" + y + " is outside the zoom " + z + " grid");
        }
    }

    public static TileId fromTms(int z, int x, int tmsRow) {
        return new TileId(z, x, (1 << z) - 1 - tmsRow);
    }

    /** Parses {@code z/x/y} (XYZ scheme). */
    public static TileId parse(String zxy) {
        String[] parts = zxy.trim().split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected z/x/y, got '" + zxy + "'");
        }
        return new TileId(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    public int tmsRow() {
        return (1 << z) - 1 - y;
    }

    /** West edge longitude of this tile. */
    public double westLon() {
        return WebMercator.lon((double) x / (1 << z));
    }

    public double eastLon() {
        return WebMercator.lon((double) (x + 1) / (1 << z));
    }

    public double northLat() {
        return WebMercator.lat((double) y / (1 << z));
    }

    public double southLat() {
        return WebMercator.lat((double) (y + 1) / (1 << z));
    }

    @Override
    public int compareTo(TileId other) {
        if (z != other.z) {
            return Integer.compare(z, other.z);
        }
        if (y != other.y) {
            return Integer.compare(y, other.y);
        }
        return Integer.compare(x, other.x);
    }

    @Override
    public String toString() {
        return z + "/" + x + "/" + y;
    }
}
