package org.offlinepacks.boundarydata.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens an embedded SQLite database and brings its schema up to date with Flyway migrations
 * ({@code classpath:<location>/V<n>__<what>.sql}). WAL journaling lets readers run beside the
 * single writer.
 */
public final class SqliteDatabase {
    private SqliteDatabase() {}

    /** An open connection to {@code file}, created and migrated if needed. */
    public static Connection open(Path file, String migrationLocation) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:" + migrationLocation)
                    .table("schema_history")
                    .load()
                    .migrate();
            Connection connection = DriverManager.getConnection(url);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=10000");
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
        } catch (SQLException | FlywayException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }
}
