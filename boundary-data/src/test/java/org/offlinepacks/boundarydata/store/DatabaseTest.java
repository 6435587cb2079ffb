package org.offlinepacks.boundarydata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void aFailedTransactionLeavesNothingAndACommittedOneStays(Database.Dialect dialect) {
        try (Database database = TestDatabases.open(dialect, folder)) {
            database.read(
                    c -> c.createStatement().executeUpdate("CREATE TABLE t (id TEXT PRIMARY KEY, x DOUBLE PRECISION)"));
            database.transaction(c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                    insert.setString(1, "a");
                    insert.setDouble(2, 36.8219462);
                    return insert.executeUpdate();
                }
            });
            try {
                database.transaction(c -> {
                    c.createStatement().executeUpdate("INSERT INTO t VALUES ('b', 1)");
                    throw new IllegalStateException("fails half-way");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            assertEquals(1, (int) database.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    return rows.getInt(1);
                }
            }));
            assertEquals(36.8219462, (double) database.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT x FROM t")) {
                    rows.next();
                    return rows.getDouble(1);
                }
            }));
        }
    }
}
