package org.offlinepacks.tilepacker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.StoreException;
import org.offlinepacks.tilepacker.cover.TileId;

/**
 * The tile cache shared by every pack and build: tiles keyed by source and tile, with the
 * validators the server gave (ETag, Last-Modified), the time it last confirmed the tile, and whether
 * its bytes were checked complete. Tiles and their metadata are rows of one table in a {@link
 * Database}: an SQLite file of the data folder (by default {@code <dataDir>/tile-cache.sqlite}, WAL,
 * so several processes may share it), or the PostgreSQL database every worker shares, so that a
 * tile one worker fetched is never fetched by another. Tiles are small and many: a row each costs
 * one database round trip, an object in object storage one HTTP request (measured: 20 times
 * slower). Thread-safe.
 */
public final class TileCache implements AutoCloseable {
    public static final String DEFAULT_FILE_NAME = "tile-cache.sqlite";

    private final Database database;
    private final boolean owned;

    private TileCache(Database database, boolean owned) {
        this.database = database;
        this.owned = owned;
        try {
            database.migrate("tile_cache", "db/tile-cache");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The cache in {@code database} (shared; stays open when this is closed). */
    public static TileCache open(Database database) {
        return new TileCache(database, false);
    }

    /** The cache in an SQLite file of its own, created if missing. */
    public static TileCache open(Path file) throws IOException {
        addCheckedColumnToOldCache(file);
        try {
            return new TileCache(Database.sqlite(file, false), true);
        } catch (StoreException e) {
            throw new IOException("cannot open tile cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Caches written before tiles were checked for completeness have no {@code checked} column:
     * their tiles count as unchecked, so a truncated tile they hold is found when next read.
     */
    private static void addCheckedColumnToOldCache(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout = 30000");
            boolean table = false;
            boolean checked = false;
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(cached_tile)")) {
                while (rs.next()) {
                    table = true;
                    checked |= "checked".equals(rs.getString("name"));
                }
            }
            if (table && !checked) {
                st.execute("ALTER TABLE cached_tile ADD COLUMN checked INTEGER NOT NULL DEFAULT 0");
            }
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("duplicate column")) { // another process added it
                throw new IOException("cannot open tile cache " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The cache file of a data folder. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(DEFAULT_FILE_NAME);
    }

    public Optional<CachedTile> get(String source, TileId tile) {
        try {
            return database.read(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT data, etag, last_modified, fetched_at,"
                        + " checked FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?")) {
                    bindKey(select, 1, source, tile);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new CachedTile(
                                rs.getBytes(1),
                                rs.getString(2),
                                rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4)),
                                rs.getInt(5) != 0));
                    }
                }
            });
        } catch (StoreException e) {
            throw failure("read", tile, e);
        }
    }

    /** Stores a tile; a worker that fetched the same tile at the same time replaces it with the same bytes. */
    public void put(String source, TileId tile, CachedTile cached) {
        update(
                "write",
                tile,
                "INSERT INTO cached_tile (source, z, x, y, data, etag, last_modified, fetched_at, checked)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, z, x, y) DO UPDATE SET"
                        + " data = excluded.data, etag = excluded.etag, last_modified = excluded.last_modified,"
                        + " fetched_at = excluded.fetched_at, checked = excluded.checked",
                st -> {
                    bindKey(st, 1, source, tile);
                    st.setBytes(5, cached.data());
                    st.setString(6, cached.etag());
                    st.setString(7, cached.lastModified());
                    st.setLong(8, cached.fetchedAt().toEpochMilli());
                    st.setInt(9, cached.checked() ? 1 : 0);
                });
    }

    /** Records that the server confirmed the cached content (a 304) at {@code at}. */
    public void markRevalidated(String source, TileId tile, Instant at) {
        update(
                "update",
                tile,
                "UPDATE cached_tile SET fetched_at = ? WHERE source = ? AND z = ? AND x = ? AND y = ?",
                st -> {
                    st.setLong(1, at.toEpochMilli());
                    bindKey(st, 2, source, tile);
                });
    }

    /** Records that the cached bytes passed the completeness check. */
    public void markChecked(String source, TileId tile) {
        update(
                "update",
                tile,
                "UPDATE cached_tile SET checked = 1 WHERE source = ? AND z = ? AND x = ? AND y = ?",
                st -> bindKey(st, 1, source, tile));
    }

    /** Forgets a tile, so that it is fetched again (its bytes were found broken). */
    public void evict(String source, TileId tile) {
        update(
                "delete",
                tile,
                "DELETE FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?",
                st -> bindKey(st, 1, source, tile));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void update(String what, TileId tile, String sql, Binder binder) {
        try {
            database.read(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    binder.bind(st);
                    return st.executeUpdate();
                }
            });
        } catch (StoreException e) {
            throw failure(what, tile, e);
        }
    }

    private static void bindKey(PreparedStatement st, int first, String source, TileId tile) throws SQLException {
        st.setString(first, source);
        st.setInt(first + 1, tile.z());
        st.setInt(first + 2, tile.x());
        st.setInt(first + 3, tile.y());
    }

    private UncheckedIOException failure(String what, TileId tile, StoreException e) {
        return new UncheckedIOException(
                new IOException("cannot " + what + " tile " + tile + " in the tile cache: " + e.getMessage(), e));
    }

    @Override
    public void close() {
        if (owned) {
            database.close();
        }
    }
}
