package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.offlinepacks.api.accounts.DeviceTerms;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.api.metrics.MetricsAccess;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.store.DatabaseConfig;

/**
 * How the HTTP service runs; built once at the entry point (command line, environment, config
 * file) and validated here.
 *
 * @param dataDir the data folder: the SQLite files, published packs and uploads by default
 * @param host the address to listen on; 127.0.0.1 unless the service is meant for the network
 * @param port the TCP port; 0 picks a free one (see {@link ApiServer#port()})
 * @param httpThreads the most requests handled at once
 * @param buildWorkers the most pack builds running at once on this node, when it builds
 * @param demo whether the public demo tokens of users.json are accepted
 * @param tileSource a tile source replacing the campaigns' for rebuilds, or null
 * @param link how long slow devices are waited for
 * @param database the data folder's SQLite files, or a PostgreSQL database shared by nodes
 * @param storage where pack files, receipts and uploaded files are: the data folder, or object
 *     storage shared by nodes
 * @param retiredGrace how long the packs of a boundary retired from its campaign stay downloadable
 * @param role whether this node serves the API, builds packs, or both
 * @param jobs how the nodes' workers share rebuild jobs: leases, heartbeat, polling, attempts
 * @param metrics who may read {@code /metrics}, and where
 * @param deviceTerms how long device tokens last, how many failed sign-ins are tolerated
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
        DatabaseConfig database,
        StorageConfig storage,
        Duration retiredGrace,
        NodeRole role,
        JobSettings jobs,
        MetricsAccess metrics,
        DeviceTerms deviceTerms) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_HTTP_THREADS = 64;
    public static final int DEFAULT_BUILD_WORKERS = 1;
    public static final Duration DEFAULT_RETIRED_GRACE = Duration.ofDays(7);

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(deviceTerms, "deviceTerms");
        if (retiredGrace.isNegative()) {
            throw new IllegalArgumentException("the retired packs' grace period cannot be negative: " + retiredGrace);
        }
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
                DatabaseConfig.EMBEDDED,
                StorageConfig.DATA_FOLDER,
                DEFAULT_RETIRED_GRACE,
                NodeRole.ALL,
                JobSettings.DEFAULTS,
                MetricsAccess.OFF,
                DeviceTerms.DEFAULTS);
    }

    public ServerConfig withHost(String newHost) {
        return with(c -> c.host = newHost);
    }

    public ServerConfig withPort(int newPort) {
        return with(c -> c.port = newPort);
    }

    public ServerConfig withDemo(boolean newDemo) {
        return with(c -> c.demo = newDemo);
    }

    public ServerConfig withHttpThreads(int newHttpThreads) {
        return with(c -> c.httpThreads = newHttpThreads);
    }

    public ServerConfig withLink(LinkLimits newLink) {
        return with(c -> c.link = newLink);
    }

    public ServerConfig withDatabase(DatabaseConfig newDatabase) {
        return with(c -> c.database = newDatabase);
    }

    public ServerConfig withStorage(StorageConfig newStorage) {
        return with(c -> c.storage = newStorage);
    }

    public ServerConfig withRetiredGrace(Duration newRetiredGrace) {
        return with(c -> c.retiredGrace = newRetiredGrace);
    }

    public ServerConfig withRole(NodeRole newRole) {
        return with(c -> c.role = newRole);
    }

    public ServerConfig withJobs(JobSettings newJobs) {
        return with(c -> c.jobs = newJobs);
    }

    public ServerConfig withMetrics(MetricsAccess newMetrics) {
        return with(c -> c.metrics = newMetrics);
    }

    public ServerConfig withDeviceTerms(DeviceTerms newDeviceTerms) {
        return with(c -> c.deviceTerms = newDeviceTerms);
    }

    private ServerConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The components as fields, so that a {@code withX} names only what it changes. */
    private static final class Copy {
        private final Path dataDir;
        private String host;
        private int port;
        private int httpThreads;
        private final int buildWorkers;
        private boolean demo;
        private final String tileSource;
        private LinkLimits link;
        private DatabaseConfig database;
        private StorageConfig storage;
        private Duration retiredGrace;
        private NodeRole role;
        private JobSettings jobs;
        private MetricsAccess metrics;
        private DeviceTerms deviceTerms;

        Copy(ServerConfig c) {
            dataDir = c.dataDir;
            host = c.host;
            port = c.port;
            httpThreads = c.httpThreads;
            buildWorkers = c.buildWorkers;
            demo = c.demo;
            tileSource = c.tileSource;
            link = c.link;
            database = c.database;
            storage = c.storage;
            retiredGrace = c.retiredGrace;
            role = c.role;
            jobs = c.jobs;
            metrics = c.metrics;
            deviceTerms = c.deviceTerms;
        }

        ServerConfig build() {
            return new ServerConfig(
                    dataDir,
                    host,
                    port,
                    httpThreads,
                    buildWorkers,
                    demo,
                    tileSource,
                    link,
                    database,
                    storage,
                    retiredGrace,
                    role,
                    jobs,
                    metrics,
                    deviceTerms);
        }
    }
}
