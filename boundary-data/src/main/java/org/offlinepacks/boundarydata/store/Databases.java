package org.offlinepacks.boundarydata.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The databases of a data folder: by default one SQLite file per store in the folder
 * ({@code store.sqlite} for campaigns, users and jobs, {@code entries.sqlite}, {@code packs.sqlite} for the
 * pack catalog, {@code tile-cache.sqlite}),
 * or one PostgreSQL database that every store and every node shares. Opened once per process;
 * closing it closes them all.
 */
public final class Databases implements AutoCloseable {
    public static final String CAMPAIGN_FILE = "store.sqlite";
    public static final String ENTRIES_FILE = "entries.sqlite";
    public static final String TILE_CACHE_FILE = "tile-cache.sqlite";
    public static final String PACKS_FILE = "packs.sqlite";

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

    /** The pack catalog: published versions, their files, the current version of each boundary. */
    public Database packs() {
        return database(PACKS_FILE);
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
        // the tile cache can be fetched again: its commits do not wait for the disk
        return files.computeIfAbsent(
                file, name -> Database.sqlite(dataDir.resolve(name), !name.equals(TILE_CACHE_FILE)));
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
