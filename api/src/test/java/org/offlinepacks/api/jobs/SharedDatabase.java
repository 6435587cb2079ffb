package org.offlinepacks.api.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/**
 * One database that several nodes open, each with a connection pool of its own, as processes on
 * several machines would: an SQLite file, or a fresh database on the embedded PostgreSQL server.
 */
final class SharedDatabase implements AutoCloseable {
    private final Database.Dialect dialect;
    private final Path sqliteFile;
    private final String postgresUrl;
    private final List<Database> opened = new ArrayList<>();

    SharedDatabase(Database.Dialect dialect, Path folder) {
        this.dialect = dialect;
        this.sqliteFile = folder.resolve("shared.sqlite");
        this.postgresUrl = dialect == Database.Dialect.POSTGRESQL ? TestDatabases.newPostgresDatabase() : null;
    }

    /** A new pool on the database, closed with this. */
    synchronized Database open() {
        Database database =
                switch (dialect) {
                    case SQLITE -> Database.sqlite(sqliteFile);
                    case POSTGRESQL -> Database.postgresql(postgresUrl, "postgres", "postgres");
                };
        opened.add(database);
        return database;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Database::close);
    }
}
