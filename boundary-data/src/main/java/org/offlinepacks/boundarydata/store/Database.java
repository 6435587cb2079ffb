package org.offlinepacks.boundarydata.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A database of the service's stores, pooled (HikariCP): an embedded SQLite file, the default, or
 * a PostgreSQL server shared by several nodes. Both run the same SQL and the same Flyway
 * migrations; the few statements that differ ask {@link #dialect()}.
 *
 * <p>SQLite connections begin every transaction IMMEDIATE (writers queue on the database lock
 * instead of failing when a reader upgrades), in WAL mode with {@code synchronous=FULL}, so a
 * commit is on disk before it is answered.
 */
public final class Database implements AutoCloseable {
    /** The SQL of one database family. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    /** Work on one connection; checked exceptions only at this JDBC edge. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, IOException;
    }

    private static final int POSTGRESQL_POOL = 16;
    private static final int SQLITE_POOL = 4;
    private static final int SERIALIZATION_RETRIES = 10;
    /** Stores whose SQLite history table was named before stores shared a file. */
    private static final Set<String> SQLITE_FILE_OWNERS = Set.of("campaign", "entries");

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;
    /** The SQLite file, or null for PostgreSQL. */
    private final Path file;

    private Database(HikariDataSource pool, Dialect dialect, String description, Path file) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
        this.file = file;
    }

    /** The embedded database in {@code file}, created if missing. */
    public static Database sqlite(Path file) {
        return sqlite(file, true);
    }

    /**
     * @param durable false for a cache: {@code synchronous=NORMAL}, so a commit does not wait for the
     *     disk (a power cut may lose the last commits, never corrupt the file)
     */
    public static Database sqlite(Path file, boolean durable) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath()
                + "?journal_mode=WAL&synchronous=" + (durable ? "FULL" : "NORMAL")
                + "&foreign_keys=true&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE");
        config.setMaximumPoolSize(SQLITE_POOL);
        config.setMinimumIdle(1);
        return open(config, Dialect.SQLITE, file.toString(), file.toAbsolutePath());
    }

    /** A PostgreSQL server, e.g. {@code jdbc:postgresql://host:5432/packs}. */
    public static Database postgresql(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "a shared database is PostgreSQL: jdbc:postgresql://HOST:PORT/DATABASE, not " + jdbcUrl);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POSTGRESQL_POOL);
        return open(config, Dialect.POSTGRESQL, jdbcUrl.replaceAll("password=[^&]*", "password=…"), null);
    }

    private static Database open(HikariConfig config, Dialect dialect, String description, Path file) {
        config.setPoolName(dialect.name().toLowerCase(java.util.Locale.ROOT) + "-" + Math.abs(description.hashCode()));
        config.setConnectionTimeout(30_000);
        try {
            return new Database(new HikariDataSource(config), dialect, description, file);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + description + ": " + rootMessage(e), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The connections of the pool now; zeros before the pool has started or after it closed. */
    public record PoolState(int active, int idle, int waiting, int max) {}

    public PoolState pool() {
        var bean = pool.getHikariPoolMXBean();
        if (bean == null || pool.isClosed()) {
            return new PoolState(0, 0, 0, pool.getMaximumPoolSize());
        }
        return new PoolState(
                bean.getActiveConnections(),
                bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(),
                pool.getMaximumPoolSize());
    }

    /**
     * For a store that keeps secrets (private keys, password hashes): an SQLite file (and its WAL
     * and shared-memory files, which SQLite creates with the file's mode) readable by its owner
     * only. PostgreSQL's own access control guards a shared database.
     */
    public void keepPrivate() {
        if (file == null) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerOnly =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        for (String suffix : java.util.List.of("", "-wal", "-shm")) {
            Path each = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (Files.exists(each)) {
                    Files.setPosixFilePermissions(each, ownerOnly);
                }
            } catch (UnsupportedOperationException e) {
                return; // not a POSIX file system: its own access control applies
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + each + " readable by its owner only", e);
            }
        }
    }

    /**
     * Brings the tables of one store up to date with the migrations under {@code root}:
     * {@code common/} for both databases, and {@code sqlite/} or {@code postgresql/} for the few
     * that differ (a first version older than PostgreSQL support). Each store has its own history
     * table {@code <store>_schema_history}, since stores share a database: all of them on
     * PostgreSQL, and the jobs and build leases share {@code store.sqlite} with the campaign. The
     * stores that had an SQLite file of their own first keep its {@code schema_history}.
     */
    public void migrate(String store, String root) {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(
                            "classpath:" + root + "/common",
                            "classpath:" + root + "/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .table(historyTable(store))
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .failOnMissingLocations(false)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "cannot bring the " + store + " tables of " + description + " up to date: " + e.getMessage(), e);
        }
    }

    private String historyTable(String store) {
        return dialect == Dialect.SQLITE && SQLITE_FILE_OWNERS.contains(store)
                ? "schema_history"
                : store + "_schema_history";
    }

    /** Runs {@code work} in autocommit mode: reads, or single statements. */
    public <T> T read(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(description + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back on any failure. A
     * transaction PostgreSQL aborts for a serialization conflict with another node's is run again.
     */
    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | IOException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (isSerializationFailure(e) && attempt < SERIALIZATION_RETRIES) {
                    backOff(attempt);
                    continue;
                }
                throw new StoreException(description + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                // a store that wrapped the SQLException (with what it was storing) is run again too
                if (causedBySerializationFailure(e) && attempt < SERIALIZATION_RETRIES) {
                    backOff(attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Waits a random while, longer after each attempt, before running a transaction again: the
     * transactions that collided would otherwise start again together and collide again.
     */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 20L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to run a transaction again", e);
        }
    }

    private static boolean isSerializationFailure(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private static boolean causedBySerializationFailure(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isSerializationFailure(sql)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
