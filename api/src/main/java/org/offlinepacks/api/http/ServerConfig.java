package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.util.Objects;
import org.offlinepacks.boundarydata.store.DatabaseConfig;

/**
 * How the HTTP service runs; built once at the entry point (command line, environment, config
 * file) and validated here.
 *
 * @param dataDir the data folder: store.sqlite and published packs
 * @param host the address to listen on; 127.0.0.1 unless the service is meant for the network
 * @param port the TCP port; 0 picks a free one (see {@link ApiServer#port()})
 * @param httpThreads the most requests handled at once
 * @param buildWorkers the most pack builds running at once
 * @param demo whether the public demo tokens of users.json are accepted
 * @param tileSource a tile source replacing the campaigns' for rebuilds, or null
 * @param link how long slow devices are waited for
 * @param database the data folder's SQLite files, or a PostgreSQL database shared by nodes
 */
public record ServerConfig(
        Path dataDir,
        String host,
        int port,
        int httpThreads,
        int buildWorkers,
        boolean demo,
        String tileSource,
        LinkLimits link,
        DatabaseConfig database) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_HTTP_THREADS = 64;
    public static final int DEFAULT_BUILD_WORKERS = 1;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(database, "database");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an address to listen on, found '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 picks a free port), found " + port);
        }
        if (httpThreads < 8 || httpThreads > 1000) {
            throw new IllegalArgumentException("httpThreads must be 8..1000, found " + httpThreads);
        }
        if (buildWorkers < 1 || buildWorkers > 64) {
            throw new IllegalArgumentException("buildWorkers must be 1..64, found " + buildWorkers);
        }
    }

    /** The defaults that need no set-up, for a data folder. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(
                dataDir,
                DEFAULT_HOST,
                DEFAULT_PORT,
                DEFAULT_HTTP_THREADS,
                DEFAULT_BUILD_WORKERS,
                false,
                null,
                LinkLimits.DEFAULTS,
                DatabaseConfig.EMBEDDED);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDir, host, newPort, httpThreads, buildWorkers, demo, tileSource, link, database);
    }

    public ServerConfig withDemo(boolean newDemo) {
        return new ServerConfig(dataDir, host, port, httpThreads, buildWorkers, newDemo, tileSource, link, database);
    }

    public ServerConfig withHttpThreads(int newHttpThreads) {
        return new ServerConfig(dataDir, host, port, newHttpThreads, buildWorkers, demo, tileSource, link, database);
    }

    public ServerConfig withLink(LinkLimits newLink) {
        return new ServerConfig(dataDir, host, port, httpThreads, buildWorkers, demo, tileSource, newLink, database);
    }

    public ServerConfig withDatabase(DatabaseConfig newDatabase) {
        return new ServerConfig(dataDir, host, port, httpThreads, buildWorkers, demo, tileSource, link, newDatabase);
    }
}
