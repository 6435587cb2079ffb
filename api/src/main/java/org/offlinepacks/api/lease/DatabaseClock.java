package org.offlinepacks.api.lease;

import org.offlinepacks.boundarydata.store.Database;

/**
 * Lease times are read from the database's clock, not the nodes': nodes whose clocks drift apart
 * still agree on when a lease has expired.
 */
public final class DatabaseClock {
    private DatabaseClock() {}

    /** An SQL expression for the database's current time in milliseconds since 1970. */
    public static String nowMillis(Database.Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
            case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
        };
    }
}
