package org.offlinepacks.tilepacker.mbtiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

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
    private static final int COPY_CHUNK_TILES = 20_000;
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
    private boolean copied;

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
            SQLiteConfig config = new SQLiteConfig();
            // the driver would otherwise run a second query after every insert for getGeneratedKeys
            config.setGetGeneratedKeys(false);
            connection = config.createConnection("jdbc:sqlite:" + temp);
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
        if (copied) {
            throw new IllegalStateException("no tile can be added to tiles copied from an archive");
        }
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

    /**
     * Copies the cover's tiles from a local archive inside SQLite, the way {@code sqlite3} copies
     * rows with {@code INSERT … SELECT}: no tile passes through the JVM, so this runs at the speed
     * of SQLite's own copy. The archive must be {@link MbtilesReader#copyableInSqlite()}. Images are
     * numbered in the order the cover's tiles (in key order) first use them, as {@link #writeTile}
     * numbers them, and each image of the archive is stored once: identical tiles are stored once
     * as far as the archive stores them once. Only into an empty writer; {@code tilesDone} hears of
     * the cover's tiles as their images are copied.
     */
    public void copyFrom(Path archive, PackCover cover, LongConsumer tilesDone) throws IOException {
        if (tileCount > 0 || copied) {
            throw new IllegalStateException("tiles can be copied from an archive into an empty writer only");
        }
        copied = true;
        try {
            attach(archive);
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TEMP TABLE cover_run (zoom INTEGER NOT NULL, x INTEGER NOT NULL,"
                        + " first_row INTEGER NOT NULL, last_row INTEGER NOT NULL)");
                insertRuns(cover);
                // the cover's tiles that the archive has, in key order (their rowids)
                st.execute("CREATE TEMP TABLE picked (z INTEGER NOT NULL, x INTEGER NOT NULL,"
                        + " tms_row INTEGER NOT NULL, archive_id)");
                st.execute("INSERT INTO temp.picked SELECT m.zoom_level, m.tile_column, m.tile_row, m.tile_id"
                        + " FROM temp.cover_run c CROSS JOIN archive.map m ON m.zoom_level = c.zoom"
                        + " AND m.tile_column = c.x AND m.tile_row BETWEEN c.first_row AND c.last_row"
                        + " ORDER BY c.rowid, m.tile_row");
                // the pack's image ids: the archive's images in the order of their first use (an image
                // the archive's map names but does not hold is left out, as its tiles view leaves it)
                st.execute("CREATE TEMP TABLE renum (tile_id INTEGER PRIMARY KEY, archive_id NOT NULL,"
                        + " first_use INTEGER NOT NULL)");
                st.execute("INSERT INTO temp.renum (archive_id, first_use) SELECT archive_id, f FROM"
                        + " (SELECT archive_id, min(rowid) AS f FROM temp.picked GROUP BY archive_id) WHERE EXISTS"
                        + " (SELECT 1 FROM archive.images i WHERE i.tile_id = archive_id AND i.tile_data IS NOT NULL)"
                        + " ORDER BY f");
                st.execute("CREATE INDEX temp.renum_archive_id ON renum (archive_id)");
                st.execute("CREATE INDEX temp.renum_first_use ON renum (first_use)");
                long picked = single(st, "SELECT count(*) FROM temp.picked");
                long images = copyImages(picked, tilesDone);
                st.execute("INSERT INTO main.map (zoom_level, tile_column, tile_row, tile_id)"
                        + " SELECT p.z, p.x, p.tms_row, n.tile_id FROM temp.picked p"
                        + " CROSS JOIN temp.renum n ON n.archive_id = p.archive_id ORDER BY p.rowid");
                try (ResultSet rs = st.executeQuery(
                        "SELECT zoom_level, count(*) FROM main.map GROUP BY zoom_level ORDER BY zoom_level")) {
                    while (rs.next()) {
                        tilesByZoom.put(rs.getInt(1), rs.getLong(2));
                        tileCount += rs.getLong(2);
                    }
                }
                imageCount = images;
                st.execute("DROP TABLE temp.cover_run");
                st.execute("DROP TABLE temp.picked");
                st.execute("DROP TABLE temp.renum");
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute("DETACH DATABASE archive");
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IOException("cannot copy tiles from " + archive + " to " + temp + ": " + e.getMessage(), e);
        }
    }

    private void attach(Path archive) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
        try (PreparedStatement st = connection.prepareStatement("ATTACH DATABASE ? AS archive")) {
            st.setString(1, archive.toAbsolutePath().toString());
            st.execute();
        }
        connection.setAutoCommit(false);
    }

    private void insertRuns(PackCover cover) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO temp.cover_run (zoom, x, first_row, last_row) VALUES (?, ?, ?, ?)")) {
            cover.forEachColumnRun(run -> {
                try {
                    insert.setInt(1, run.zoom());
                    insert.setInt(2, run.x());
                    insert.setInt(3, run.firstTmsRow());
                    insert.setInt(4, run.lastTmsRow());
                    insert.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    /**
     * Copies the images, a chunk of the cover's tiles at a time (for progress); returns how many.
     * Each chunk is a range of the pack's image ids, which follow the first use: read in that order,
     * the images need no sort (a sort of the images would go through a temporary file as large as
     * the pack).
     */
    private long copyImages(long picked, LongConsumer tilesDone) throws SQLException {
        long images = 0;
        try (PreparedStatement lastImage =
                        connection.prepareStatement("SELECT max(tile_id) FROM temp.renum WHERE first_use <= ?");
                PreparedStatement copy = connection.prepareStatement("INSERT INTO main.images (tile_id, tile_data)"
                        + " SELECT n.tile_id, i.tile_data FROM temp.renum n CROSS JOIN archive.images i"
                        + " ON i.tile_id = n.archive_id WHERE n.tile_id BETWEEN ? AND ? AND i.tile_data IS NOT NULL"
                        + " ORDER BY n.tile_id")) {
            long copiedUpTo = 0;
            for (long first = 1; first <= picked; first += COPY_CHUNK_TILES) {
                long last = Math.min(picked, first + COPY_CHUNK_TILES - 1);
                lastImage.setLong(1, last);
                long upTo;
                try (ResultSet rs = lastImage.executeQuery()) {
                    rs.next();
                    upTo = rs.getLong(1); // 0 when no image is first used up to there
                }
                if (upTo > copiedUpTo) {
                    copy.setLong(1, copiedUpTo + 1);
                    copy.setLong(2, upTo);
                    images += copy.executeUpdate();
                    copiedUpTo = upTo;
                }
                connection.commit();
                tilesDone.accept(last - first + 1);
            }
        }
        return images;
    }

    private static long single(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
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
