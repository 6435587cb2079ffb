package org.offlinepacks.tilepacker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.StoreException;
import org.offlinepacks.tilepacker.cover.ColumnRun;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;

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

    /**
     * The databases whose tables this JVM brought up to date: a build opens the cache for every
     * pack, and Flyway's check costs more than a small pack's tiles.
     */
    private static final Set<Database> MIGRATED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final Database database;
    private final boolean owned;

    private TileCache(Database database, boolean owned) {
        this.database = database;
        this.owned = owned;
        try {
            if (!MIGRATED.contains(database)) {
                addCheckedColumnToOldCache(database);
                database.migrate("tile_cache", "db/tile-cache");
                MIGRATED.add(database);
            }
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
        try {
            return new TileCache(Database.sqlite(file, false), true);
        } catch (StoreException e) {
            throw new IOException("cannot open tile cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Caches written before tiles were checked for completeness have no {@code checked} column:
     * their tiles count as unchecked, so a truncated tile they hold is found when next read. (Only
     * SQLite files are that old.)
     */
    private static void addCheckedColumnToOldCache(Database database) {
        if (database.dialect() != Database.Dialect.SQLITE) {
            return;
        }
        database.read(c -> {
            try (Statement st = c.createStatement()) {
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
                    throw e;
                }
            }
            return null;
        });
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

    /** What the cache knows of a tile without its bytes (cheaper than {@link #get}), if anything. */
    public Optional<CacheStatus> status(String source, TileId tile) {
        try {
            return database.read(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT data IS NOT NULL, etag, last_modified,"
                        + " fetched_at, checked FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?")) {
                    bindKey(select, 1, source, tile);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        return Optional.of(new CacheStatus(
                                rs.getBoolean(1),
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

    /**
     * Visits the cached tiles of one column run (not the tiles cached as absent), TMS rows
     * ascending: one range query on the cache's key.
     */
    public void readColumn(String source, ColumnRun run, MbtilesReader.TileVisitor visitor) throws IOException {
        try {
            database.read(c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT y, data FROM cached_tile"
                        + " WHERE source = ? AND z = ? AND x = ? AND y BETWEEN ? AND ? AND data IS NOT NULL"
                        + " ORDER BY y DESC")) {
                    select.setString(1, source);
                    select.setInt(2, run.zoom());
                    select.setInt(3, run.x());
                    select.setInt(4, run.y(run.lastTmsRow()));
                    select.setInt(5, run.y(run.firstTmsRow()));
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            visitor.visit(new TileId(run.zoom(), run.x(), rs.getInt(1)), rs.getBytes(2));
                        }
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            throw new IOException("cannot read tiles " + run + " from the tile cache: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One change to the cache, for {@link #write}. */
    public sealed interface Change {
        TileId tile();

        /**
         * Stores a tile (or its absence) as the server gave it; a worker that fetched the same tile at
         * the same time replaces it with the same bytes.
         */
        record Put(TileId tile, CachedTile cached) implements Change {}

        /** The server confirmed the cached content (a 304) at {@code at}. */
        record Revalidated(TileId tile, Instant at) implements Change {}

        /** The cached bytes passed the completeness check. */
        record Checked(TileId tile) implements Change {}

        /** Forgets a tile, so that it is fetched again (its bytes were found broken). */
        record Evict(TileId tile) implements Change {}
    }

    /**
     * Applies changes to one source's tiles in one transaction: a fetcher's workers hand their
     * changes to one writer that applies them in batches ({@code fetch.CacheWriter}), instead of a
     * transaction per tile.
     */
    public void write(String source, List<? extends Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        TileId[] current = {changes.get(0).tile()};
        try {
            database.transaction(c -> {
                try (Statements statements = new Statements(c)) {
                    for (Change change : changes) {
                        current[0] = change.tile();
                        statements.apply(source, change);
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            throw failure("write", current[0], e);
        }
    }

    /** The statements of {@link #write}, prepared once per batch. */
    private static final class Statements implements AutoCloseable {
        private final PreparedStatement upsert;
        private final PreparedStatement touch;
        private final PreparedStatement markChecked;
        private final PreparedStatement delete;

        Statements(Connection c) throws SQLException {
            upsert = c.prepareStatement("INSERT INTO cached_tile"
                    + " (source, z, x, y, data, etag, last_modified, fetched_at, checked)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, z, x, y) DO UPDATE SET"
                    + " data = excluded.data, etag = excluded.etag, last_modified = excluded.last_modified,"
                    + " fetched_at = excluded.fetched_at, checked = excluded.checked");
            touch = c.prepareStatement(
                    "UPDATE cached_tile SET fetched_at = ? WHERE source = ? AND z = ? AND x = ? AND y = ?");
            markChecked = c.prepareStatement(
                    "UPDATE cached_tile SET checked = 1 WHERE source = ? AND z = ? AND x = ? AND y = ?");
            delete = c.prepareStatement("DELETE FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?");
        }

        void apply(String source, Change change) throws SQLException {
            if (change instanceof Change.Put put) {
                bindKey(upsert, 1, source, put.tile());
                CachedTile cached = put.cached();
                upsert.setBytes(5, cached.data());
                upsert.setString(6, cached.etag());
                upsert.setString(7, cached.lastModified());
                upsert.setLong(8, cached.fetchedAt().toEpochMilli());
                upsert.setInt(9, cached.checked() ? 1 : 0);
                upsert.executeUpdate();
            } else if (change instanceof Change.Revalidated revalidated) {
                touch.setLong(1, revalidated.at().toEpochMilli());
                bindKey(touch, 2, source, revalidated.tile());
                touch.executeUpdate();
            } else if (change instanceof Change.Checked checked) {
                bindKey(markChecked, 1, source, checked.tile());
                markChecked.executeUpdate();
            } else if (change instanceof Change.Evict evict) {
                bindKey(delete, 1, source, evict.tile());
                delete.executeUpdate();
            }
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
            touch.close();
            markChecked.close();
            delete.close();
        }
    }

    /** Stores a tile (see {@link Change.Put}). */
    public void put(String source, TileId tile, CachedTile cached) {
        write(source, List.of(new Change.Put(tile, cached)));
    }

    /** Records that the server confirmed the cached content (a 304) at {@code at}. */
    public void markRevalidated(String source, TileId tile, Instant at) {
        write(source, List.of(new Change.Revalidated(tile, at)));
    }

    /** Records that the cached bytes passed the completeness check. */
    public void markChecked(String source, TileId tile) {
        write(source, List.of(new Change.Checked(tile)));
    }

    /** Forgets a tile, so that it is fetched again (its bytes were found broken). */
    public void evict(String source, TileId tile) {
        write(source, List.of(new Change.Evict(tile)));
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
