package org.offlinepacks.tilepacker.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.tilepacker.cover.ColumnRun;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.sqlite.SQLiteConfig;

/**
 * The tile cache shared by every pack and build on this machine: one SQLite file (by default
 * {@code <dataDir>/tile-cache.sqlite}) keyed by source and tile, with the validators the server gave
 * (ETag, Last-Modified), the time it last confirmed the tile, and whether its bytes were checked
 * complete. WAL mode, so several processes may share it. Thread-safe.
 */
public final class TileCache implements AutoCloseable {
    public static final String DEFAULT_FILE_NAME = "tile-cache.sqlite";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement selectStatus;
    private final PreparedStatement selectColumn;
    private final PreparedStatement upsert;
    private final PreparedStatement touch;
    private final PreparedStatement markChecked;
    private final PreparedStatement delete;

    private TileCache(Path file) throws IOException {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(30_000);
            config.setGetGeneratedKeys(false); // else a second query after every insert
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS cached_tile (source TEXT NOT NULL, z INTEGER NOT NULL,"
                        + " x INTEGER NOT NULL, y INTEGER NOT NULL, data BLOB, etag TEXT, last_modified TEXT,"
                        + " fetched_at INTEGER NOT NULL, checked INTEGER NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (source, z, x, y))");
            }
            addCheckedColumnToOldCache(connection);
            select = connection.prepareStatement("SELECT data, etag, last_modified, fetched_at, checked"
                    + " FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?");
            selectStatus = connection.prepareStatement("SELECT data IS NOT NULL, etag, last_modified, fetched_at,"
                    + " checked FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?");
            selectColumn = connection.prepareStatement("SELECT y, data FROM cached_tile"
                    + " WHERE source = ? AND z = ? AND x = ? AND y BETWEEN ? AND ? AND data IS NOT NULL"
                    + " ORDER BY y DESC");
            upsert = connection.prepareStatement("INSERT OR REPLACE INTO cached_tile"
                    + " (source, z, x, y, data, etag, last_modified, fetched_at, checked)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            touch = connection.prepareStatement(
                    "UPDATE cached_tile SET fetched_at = ? WHERE source = ? AND z = ? AND x = ? AND y = ?");
            markChecked = connection.prepareStatement(
                    "UPDATE cached_tile SET checked = 1 WHERE source = ? AND z = ? AND x = ? AND y = ?");
            delete = connection.prepareStatement(
                    "DELETE FROM cached_tile WHERE source = ? AND z = ? AND x = ? AND y = ?");
        } catch (SQLException e) {
            throw new IOException("cannot open tile cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Caches written before tiles were checked for completeness have no {@code checked} column:
     * their tiles count as unchecked, so a truncated tile they hold is found when next read.
     */
    private static void addCheckedColumnToOldCache(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA table_info(cached_tile)")) {
            while (rs.next()) {
                if ("checked".equals(rs.getString("name"))) {
                    return;
                }
            }
        }
        try (Statement st = connection.createStatement()) {
            st.execute("ALTER TABLE cached_tile ADD COLUMN checked INTEGER NOT NULL DEFAULT 0");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("duplicate column")) {
                throw e; // another process added it at the same time otherwise
            }
        }
    }

    public static TileCache open(Path file) throws IOException {
        return new TileCache(file);
    }

    /** The cache file of a data folder. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(DEFAULT_FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<CachedTile> get(String source, TileId tile) {
        try {
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
        } catch (SQLException e) {
            throw failure("read", tile, e);
        }
    }

    /** What the cache knows of a tile without its bytes (cheaper than {@link #get}), if anything. */
    public synchronized Optional<CacheStatus> status(String source, TileId tile) {
        try {
            bindKey(selectStatus, 1, source, tile);
            try (ResultSet rs = selectStatus.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CacheStatus(
                        rs.getInt(1) != 0,
                        rs.getString(2),
                        rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        rs.getInt(5) != 0));
            }
        } catch (SQLException e) {
            throw failure("read", tile, e);
        }
    }

    /**
     * Visits the cached tiles of one column run (not the tiles cached as absent), TMS rows
     * ascending: one range query on the cache's key.
     */
    public synchronized void readColumn(String source, ColumnRun run, MbtilesReader.TileVisitor visitor)
            throws IOException {
        try {
            selectColumn.setString(1, source);
            selectColumn.setInt(2, run.zoom());
            selectColumn.setInt(3, run.x());
            selectColumn.setInt(4, run.y(run.lastTmsRow()));
            selectColumn.setInt(5, run.y(run.firstTmsRow()));
            try (ResultSet rs = selectColumn.executeQuery()) {
                while (rs.next()) {
                    visitor.visit(new TileId(run.zoom(), run.x(), rs.getInt(1)), rs.getBytes(2));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read tiles " + run + " from cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** One change to the cache, for {@link #write}. */
    public sealed interface Change {
        TileId tile();

        /** Stores a tile (or its absence) as the server gave it. */
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
    public synchronized void write(String source, List<? extends Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        TileId current = null;
        try {
            connection.setAutoCommit(false);
            try {
                for (Change change : changes) {
                    current = change.tile();
                    apply(source, change);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write", current, e);
        }
    }

    private void apply(String source, Change change) throws SQLException {
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

    private UncheckedIOException failure(String what, TileId tile, SQLException e) {
        return new UncheckedIOException(
                new IOException("cannot " + what + " tile " + tile + " in cache " + file + ": " + e.getMessage(), e));
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            select.close();
            selectStatus.close();
            selectColumn.close();
            upsert.close();
            touch.close();
            markChecked.close();
            delete.close();
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot close tile cache " + file + ": " + e.getMessage(), e);
        }
    }
}
