package org.offlinepacks.boundarydata.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The databases of a data folder: by default one SQLite file per store in the folder
 * ({@code store.sqlite} for campaigns, users and jobs, {@code entries.sqlite}, {@code tile-cache.sqlite}),
 * or one PostgreSQL database that every store and every node shares. Opened once per process;
 * closing it closes them all.
 */
public final class Databases implements AutoCloseable {
    public static final String CAMPAIGN_FILE = "store.sqlite";
    public static final String ENTRIES_FILE = "entries.sqlite";
    public static final String TILE_CACHE_FILE = "tile-cache.sqlite";

    private final Path dataDir;
    private final Database shared;
    private final Map<String, Database> files = new LinkedHashMap<>();

    private Databases(Path dataDir, Database shared) {
        this.dataDir = dataDir;
        this.shared = shared;
    }

    /** SQLite files in {@code dataDir}, or the PostgreSQL database of {@code config} when it names one. */
    public static Databases open(Path dataDir, DatabaseConfig config) {
        return new Databases(
                dataDir,
                config.embedded() ? null : Database.postgresql(config.jdbcUrl(), config.user(), config.password()));
    }

    /** The embedded default. */
    public static Databases embedded(Path dataDir) {
        return new Databases(dataDir, null);
    }

    public Database campaign() {
        return database(CAMPAIGN_FILE);
    }

    public Database entries() {
        return database(ENTRIES_FILE);
    }

    public Database tileCache() {
        return database(TILE_CACHE_FILE);
    }

    public boolean isShared() {
        return shared != null;
    }

    private synchronized Database database(String file) {
        if (shared != null) {
            return shared;
        }
        return files.computeIfAbsent(file, name -> Database.sqlite(dataDir.resolve(name)));
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close();
        }
        files.values().forEach(Database::close);
        files.clear();
    }
}
