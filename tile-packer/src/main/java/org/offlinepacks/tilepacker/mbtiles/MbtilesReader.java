package org.offlinepacks.tilepacker.mbtiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.offlinepacks.tilepacker.cover.ColumnRun;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.sqlite.SQLiteConfig;

/**
 * Reads an MBTiles file (flat {@code tiles} table or {@code map}/{@code images} view alike), read
 * only. Tiles are addressed in the XYZ scheme; the TMS rows of the file are converted here.
 * Thread-safe: calls are serialized on the one connection.
 */
public final class MbtilesReader implements AutoCloseable {
    private final Path path;
    private final Connection connection;
    private final PreparedStatement selectTile;
    private final PreparedStatement selectColumn;
    private final Map<String, String> metadata;
    private final boolean xyzRows;

    /** Visits one tile. */
    public interface TileVisitor {
        void visit(TileId tile, byte[] data) throws IOException;
    }

    private MbtilesReader(Path path) throws IOException {
        this.path = path;
        if (!Files.isRegularFile(path)) {
            throw new IOException("MBTiles file not found: " + path);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            connection = config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
            metadata = readMetadata(connection);
            // Some tools write XYZ rows and say so; the spec (and everyone else) uses TMS.
            xyzRows = "xyz".equalsIgnoreCase(metadata.get("scheme"));
            selectTile = connection.prepareStatement(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?");
            selectColumn = connection.prepareStatement("SELECT tile_row, tile_data FROM tiles"
                    + " WHERE zoom_level = ? AND tile_column = ? AND tile_row BETWEEN ? AND ?"
                    + " ORDER BY tile_row " + (xyzRows ? "DESC" : "ASC"));
        } catch (SQLException e) {
            throw new IOException("cannot open MBTiles " + path + ": " + e.getMessage(), e);
        }
    }

    public static MbtilesReader open(Path path) throws IOException {
        return new MbtilesReader(path);
    }

    public Path path() {
        return path;
    }

    /** The metadata table as name → value, sorted by name. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Optional<TileFormat> format() {
        return TileFormat.fromName(metadata.get("format"));
    }

    public synchronized Optional<byte[]> tile(TileId tile) throws IOException {
        try {
            selectTile.setInt(1, tile.z());
            selectTile.setInt(2, tile.x());
            selectTile.setInt(3, xyzRows ? tile.y() : tile.tmsRow());
            try (ResultSet rs = selectTile.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read tile " + tile + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Visits the tiles of one column run that the file has, TMS rows ascending: one range query on
     * the file's key instead of one lookup per tile.
     */
    public synchronized void readColumn(ColumnRun run, TileVisitor visitor) throws IOException {
        try {
            selectColumn.setInt(1, run.zoom());
            selectColumn.setInt(2, run.x());
            selectColumn.setInt(3, xyzRows ? run.y(run.lastTmsRow()) : run.firstTmsRow());
            selectColumn.setInt(4, xyzRows ? run.y(run.firstTmsRow()) : run.lastTmsRow());
            try (ResultSet rs = selectColumn.executeQuery()) {
                while (rs.next()) {
                    int row = rs.getInt(1);
                    byte[] data = rs.getBytes(2);
                    if (data != null) {
                        visitor.visit(run.tile(xyzRows ? run.y(row) : row), data);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read tiles " + run + " from " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a writer can copy tiles from this file inside SQLite ({@link MbtilesWriter#copyFrom}):
     * it keeps them in {@code map (zoom_level, tile_column, tile_row, tile_id)} and {@code images
     * (tile_id, tile_data)} tables, with TMS rows, and SQLite finds a column run of {@code map} and
     * an image by its id through a key rather than by reading the whole table.
     */
    public synchronized boolean copyableInSqlite() {
        if (xyzRows) {
            return false;
        }
        try {
            return searchesByKey("SELECT tile_id FROM map WHERE zoom_level = 1 AND tile_column = 1"
                            + " AND tile_row BETWEEN 1 AND 2")
                    && searchesByKey("SELECT tile_data FROM images WHERE tile_id = 1");
        } catch (SQLException e) {
            return false; // no such tables or columns
        }
    }

    private boolean searchesByKey(String query) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + query)) {
            boolean any = false;
            while (rs.next()) {
                any = true;
                if (!rs.getString("detail").startsWith("SEARCH")) {
                    return false;
                }
            }
            return any;
        }
    }

    /** Tile count per zoom level, lowest zoom first. */
    public synchronized Map<Integer, Long> zoomCounts() throws IOException {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT zoom_level, count(*) FROM tiles GROUP BY zoom_level ORDER BY zoom_level")) {
            while (rs.next()) {
                counts.put(rs.getInt(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IOException("cannot count tiles of " + path + ": " + e.getMessage(), e);
        }
        return counts;
    }

    /** Visits every tile in (zoom, column, TMS row) order. */
    public synchronized void forEachTile(TileVisitor visitor) throws IOException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"
                        + " ORDER BY zoom_level, tile_column, tile_row")) {
            while (rs.next()) {
                int z = rs.getInt(1);
                int row = rs.getInt(3);
                TileId tile = xyzRows ? new TileId(z, rs.getInt(2), row) : TileId.fromTms(z, rs.getInt(2), row);
                visitor.visit(tile, rs.getBytes(4));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read tiles of " + path + ": " + e.getMessage(), e);
        }
    }

    /** SQLite's own check of the file: "ok" when sound, otherwise the problems it found. */
    public synchronized String integrityCheck() throws IOException {
        StringBuilder result = new StringBuilder();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                if (!result.isEmpty()) {
                    result.append("; ");
                }
                result.append(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("cannot check " + path + ": " + e.getMessage(), e);
        }
        return result.toString();
    }

    private static Map<String, String> readMetadata(Connection connection) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, value FROM metadata")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            selectTile.close();
            selectColumn.close();
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
