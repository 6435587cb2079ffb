package org.offlinepacks.tilepacker.mbtiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.offlinepacks.tilepacker.cover.TileId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an MBTiles 1.3 file: identical tiles stored once ({@code map} + {@code images} behind a
 * {@code tiles} view), TMS rows, one transaction per batch. The file is built under a temporary
 * name beside the target and renamed when {@link #finish()} succeeds; {@link #close()} without
 * finishing deletes it, so a failed build leaves no partial file.
 *
 * <p>Memory stays the same whatever the file's size: each tile goes to SQLite as it comes (nothing
 * is buffered per batch), SQLite keeps no journal (the file is temporary until renamed and thrown
 * away on any failure, so nothing is ever rolled back), and the hashes that find identical tiles
 * are kept in a temporary table on disk rather than in the heap. There is no final {@code VACUUM}
 * (which needs as much memory or temporary space as the file): tiles given in the order of the
 * {@code map} key (zoom, column, TMS row; {@code PackCover.forEachColumnRun}) fill each table's
 * pages in order and leave no free page, so the file is written in its final form. Tiles in any
 * other order are written correctly, into a less compact file.
 *
 * <p>The metadata's {@code minzoom} and {@code maxzoom} (and the vector layers' zooms) are written
 * as the zooms the file holds, whatever range was asked for (unchanged when it holds no tile).
 *
 * <p>The same tiles given in the same order give a byte-identical file: fixed page size, image
 * ids assigned in arrival order, metadata sorted, no timestamps.
 */
public final class MbtilesWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MbtilesWriter.class);
    /** 'MPBX', the application id the MBTiles spec recommends. */
    private static final int MBTILES_APPLICATION_ID = 0x4d504258;

    private static final int TILES_PER_TRANSACTION = 2000;
    /** SQLite's page cache for the file and for the temporary hash table, in KiB. */
    private static final int CACHE_KIB = 8192;

    private final Path target;
    private final Path temp;
    private final MbtilesMetadata metadata;
    private final Connection connection;
    private final PreparedStatement insertMap;
    private final PreparedStatement insertImage;
    private final PreparedStatement insertHash;
    private final PreparedStatement selectHash;
    private final MessageDigest sha256;
    private final TreeMap<Integer, Long> tilesByZoom = new TreeMap<>();
    private final long startNanos = System.nanoTime();
    private long tileCount;
    private long imageCount;
    private int uncommitted;
    private boolean finished;

    private MbtilesWriter(Path target, MbtilesMetadata metadata) throws IOException {
        this.target = target.toAbsolutePath();
        this.metadata = metadata;
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        Files.delete(temp);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + temp);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA page_size = 4096");
                st.execute("PRAGMA journal_mode = OFF");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA locking_mode = EXCLUSIVE");
                st.execute("PRAGMA temp_store = FILE");
                st.execute("PRAGMA cache_size = -" + CACHE_KIB);
                st.execute("PRAGMA temp.cache_size = -" + CACHE_KIB);
                st.execute("PRAGMA application_id = " + MBTILES_APPLICATION_ID);
                st.execute("CREATE TABLE metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT)");
                st.execute("CREATE TABLE map (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,"
                        + " tile_row INTEGER NOT NULL, tile_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID");
                st.execute("CREATE TABLE images (tile_id INTEGER PRIMARY KEY, tile_data BLOB NOT NULL)");
                st.execute("CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level,"
                        + " map.tile_column AS tile_column, map.tile_row AS tile_row,"
                        + " images.tile_data AS tile_data FROM map JOIN images ON images.tile_id = map.tile_id");
                st.execute("CREATE TEMP TABLE image_by_hash (sha256 BLOB NOT NULL PRIMARY KEY,"
                        + " tile_id INTEGER NOT NULL) WITHOUT ROWID");
            }
            connection.setAutoCommit(false);
            insertMap = connection.prepareStatement(
                    "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)");
            insertImage = connection.prepareStatement("INSERT INTO images (tile_id, tile_data) VALUES (?, ?)");
            insertHash = connection.prepareStatement(
                    "INSERT OR IGNORE INTO temp.image_by_hash (sha256, tile_id) VALUES (?, ?)");
            selectHash = connection.prepareStatement("SELECT tile_id FROM temp.image_by_hash WHERE sha256 = ?");
        } catch (SQLException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot create MBTiles " + temp + ": " + e.getMessage(), e);
        }
    }

    /** Starts a new MBTiles at {@code target} (replaced only when {@link #finish()} succeeds). */
    public static MbtilesWriter create(Path target, MbtilesMetadata metadata) throws IOException {
        return new MbtilesWriter(target, metadata);
    }

    /**
     * Adds one tile (XYZ scheme). In the order of the {@code map} key (zoom, column, TMS row) for a
     * compact file.
     */
    public void writeTile(TileId tile, byte[] data) throws IOException {
        try {
            long id = imageId(data);
            insertMap.setInt(1, tile.z());
            insertMap.setInt(2, tile.x());
            insertMap.setInt(3, tile.tmsRow());
            insertMap.setLong(4, id);
            insertMap.executeUpdate();
            tileCount++;
            tilesByZoom.merge(tile.z(), 1L, Long::sum);
            if (++uncommitted >= TILES_PER_TRANSACTION) {
                connection.commit();
                uncommitted = 0;
            }
        } catch (SQLException e) {
            throw new IOException("cannot write tile " + tile + " to " + temp + ": " + e.getMessage(), e);
        }
    }

    /** The id of the stored image with these bytes, storing them first when they are new. */
    private long imageId(byte[] data) throws SQLException {
        byte[] digest = sha256.digest(data);
        long next = imageCount + 1;
        insertHash.setBytes(1, digest);
        insertHash.setLong(2, next);
        if (insertHash.executeUpdate() == 1) {
            insertImage.setLong(1, next);
            insertImage.setBytes(2, data);
            insertImage.executeUpdate();
            imageCount = next;
            return next;
        }
        selectHash.setBytes(1, digest);
        try (ResultSet rs = selectHash.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Writes the metadata and moves the file to its target. Returns the target. */
    public Path finish() throws IOException {
        MbtilesMetadata held =
                tilesByZoom.isEmpty() ? metadata : metadata.narrowedTo(tilesByZoom.firstKey(), tilesByZoom.lastKey());
        try {
            try (PreparedStatement st =
                    connection.prepareStatement("INSERT INTO metadata (name, value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> row : held.toRows().entrySet()) {
                    st.setString(1, row.getKey());
                    st.setString(2, row.getValue());
                    st.executeUpdate();
                }
            }
            connection.commit();
            insertMap.close();
            insertImage.close();
            insertHash.close();
            selectHash.close();
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot finish MBTiles " + temp + ": " + e.getMessage(), e);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        LOG.info(
                "wrote {}: {} tiles, {} distinct images, {} bytes in {} ms",
                target.getFileName(),
                tileCount,
                imageCount,
                Files.size(target),
                (System.nanoTime() - startNanos) / 1_000_000);
        return target;
    }

    /** Tiles written so far per zoom, zooms ascending (only zooms with tiles). */
    public Map<Integer, Long> tilesByZoom() {
        return new TreeMap<>(tilesByZoom);
    }

    public long tileCount() {
        return tileCount;
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing unfinished {}: {}", temp, e.getMessage());
        }
        Files.deleteIfExists(temp);
    }
}
