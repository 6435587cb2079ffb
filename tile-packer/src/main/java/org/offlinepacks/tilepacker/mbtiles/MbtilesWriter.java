package org.offlinepacks.tilepacker.mbtiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * <p>The metadata's {@code minzoom} and {@code maxzoom} (and the vector layers' zooms) are written
 * as the zooms the file holds, whatever range was asked for (unchanged when it holds no tile).
 *
 * <p>The same tiles given in the same order give a byte-identical file: fixed page size, ids
 * assigned in arrival order, metadata sorted, no timestamps, and a final VACUUM.
 */
public final class MbtilesWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MbtilesWriter.class);
    /** 'MPBX', the application id the MBTiles spec recommends. */
    private static final int MBTILES_APPLICATION_ID = 0x4d504258;

    private static final int BATCH_SIZE = 2000;

    private final Path target;
    private final Path temp;
    private final MbtilesMetadata metadata;
    private final Connection connection;
    private final PreparedStatement insertMap;
    private final PreparedStatement insertImage;
    private final Map<ByteBuffer, Long> imageIds = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final TreeMap<Integer, Long> tilesByZoom = new TreeMap<>();
    private final long startNanos = System.nanoTime();
    private long tileCount;
    private boolean finished;

    private record Pending(TileId tile, byte[] data) {}

    private MbtilesWriter(Path target, MbtilesMetadata metadata) throws IOException {
        this.target = target.toAbsolutePath();
        this.metadata = metadata;
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
        Files.delete(temp);
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + temp);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA page_size = 4096");
                st.execute("PRAGMA journal_mode = MEMORY");
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA application_id = " + MBTILES_APPLICATION_ID);
                st.execute("CREATE TABLE metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT)");
                st.execute("CREATE TABLE map (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,"
                        + " tile_row INTEGER NOT NULL, tile_id INTEGER NOT NULL,"
                        + " PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID");
                st.execute("CREATE TABLE images (tile_id INTEGER PRIMARY KEY, tile_data BLOB NOT NULL)");
                st.execute("CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level,"
                        + " map.tile_column AS tile_column, map.tile_row AS tile_row,"
                        + " images.tile_data AS tile_data FROM map JOIN images ON images.tile_id = map.tile_id");
            }
            connection.setAutoCommit(false);
            insertMap = connection.prepareStatement(
                    "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)");
            insertImage = connection.prepareStatement("INSERT INTO images (tile_id, tile_data) VALUES (?, ?)");
        } catch (SQLException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot create MBTiles " + temp + ": " + e.getMessage(), e);
        }
    }

    /** Starts a new MBTiles at {@code target} (replaced only when {@link #finish()} succeeds). */
    public static MbtilesWriter create(Path target, MbtilesMetadata metadata) throws IOException {
        return new MbtilesWriter(target, metadata);
    }

    /** Adds one tile (XYZ scheme); written with the next batch. */
    public void writeTile(TileId tile, byte[] data) throws IOException {
        pending.add(new Pending(tile, data));
        tilesByZoom.merge(tile.z(), 1L, Long::sum);
        if (pending.size() >= BATCH_SIZE) {
            writeBatch();
        }
    }

    private void writeBatch() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (Pending p : pending) {
                ByteBuffer digest = ByteBuffer.wrap(sha256(p.data()));
                Long id = imageIds.get(digest);
                if (id == null) {
                    id = (long) imageIds.size() + 1;
                    imageIds.put(digest, id);
                    insertImage.setLong(1, id);
                    insertImage.setBytes(2, p.data());
                    insertImage.addBatch();
                }
                insertMap.setInt(1, p.tile().z());
                insertMap.setInt(2, p.tile().x());
                insertMap.setInt(3, p.tile().tmsRow());
                insertMap.setLong(4, id);
                insertMap.addBatch();
                tileCount++;
            }
            insertImage.executeBatch();
            insertMap.executeBatch();
            connection.commit();
            pending.clear();
        } catch (SQLException e) {
            throw new IOException("cannot write tiles to " + temp + ": " + e.getMessage(), e);
        }
    }

    /** Writes the metadata, compacts the file and moves it to its target. Returns the target. */
    public Path finish() throws IOException {
        writeBatch();
        MbtilesMetadata held =
                tilesByZoom.isEmpty() ? metadata : metadata.narrowedTo(tilesByZoom.firstKey(), tilesByZoom.lastKey());
        try {
            try (PreparedStatement st =
                    connection.prepareStatement("INSERT INTO metadata (name, value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> row : held.toRows().entrySet()) {
                    st.setString(1, row.getKey());
                    st.setString(2, row.getValue());
                    st.addBatch();
                }
                st.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            insertMap.close();
            insertImage.close();
            try (Statement st = connection.createStatement()) {
                st.execute("VACUUM");
            }
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
                imageIds.size(),
                Files.size(target),
                (System.nanoTime() - startNanos) / 1_000_000);
        return target;
    }

    /** Tiles written so far per zoom, zooms ascending (only zooms with tiles). */
    public Map<Integer, Long> tilesByZoom() {
        return new TreeMap<>(tilesByZoom);
    }

    public long tileCount() {
        return tileCount + pending.size();
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

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
