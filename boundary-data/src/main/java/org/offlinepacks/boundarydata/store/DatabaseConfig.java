package org.offlinepacks.boundarydata.store;

/**
 * Which database the stores use: the data folder's SQLite files (no URL, the default), or a
 * PostgreSQL server that several nodes share.
 *
 * @param jdbcUrl {@code jdbc:postgresql://HOST:PORT/DATABASE}, or null for the embedded default
 */
public record DatabaseConfig(String jdbcUrl, String user, String password) {
    public static final DatabaseConfig EMBEDDED = new DatabaseConfig(null, null, null);

    public DatabaseConfig {
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "the database is PostgreSQL, given as jdbc:postgresql://HOST:PORT/DATABASE, not '" + jdbcUrl + "'");
        }
    }

    public boolean embedded() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        return embedded() ? "the data folder's SQLite files" : jdbcUrl; // never the password
    }
}
