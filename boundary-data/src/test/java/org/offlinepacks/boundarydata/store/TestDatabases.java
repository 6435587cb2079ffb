package org.offlinepacks.boundarydata.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for store tests: an SQLite file in a test folder, or a fresh database on one embedded
 * PostgreSQL server (real PostgreSQL binaries from a Maven artifact) started once per test JVM.
 */
public final class TestDatabases {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabases() {}

    /** A new, empty database of {@code dialect}; SQLite files go under {@code folder}. */
    public static Database open(Database.Dialect dialect, Path folder) {
        return switch (dialect) {
            case SQLITE -> Database.sqlite(folder.resolve("test-" + DATABASES.incrementAndGet() + ".sqlite"));
            case POSTGRESQL -> Database.postgresql(newPostgresDatabase(), "postgres", "postgres");
        };
    }

    /** The JDBC URL of a new, empty database on the embedded server. */
    public static synchronized String newPostgresDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return server;
    }
}
