package org.offlinepacks.api.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.offlinepacks.api.accounts.DeviceTerms;
import org.offlinepacks.api.http.LinkLimits;
import org.offlinepacks.api.http.NodeRole;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.api.metrics.MetricsAccess;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.store.DatabaseConfig;

/**
 * Builds the one {@link ServerConfig} from, in order of precedence: command-line options, the
 * environment ({@code OFFLINE_PACKS_DATA}, {@code _HOST}, {@code _PORT}, {@code _HTTP_THREADS},
 * {@code _BUILD_WORKERS}, {@code _TILE_SOURCE}, {@code _IDLE_TIMEOUT_SECONDS}, {@code _SLOW_LINK_FLOOR},
 * {@code _SLOW_LINK_WINDOW_SECONDS}, {@code _DB}, {@code _STORAGE}, {@code _ROLE}, {@code _JOB_LEASE}, {@code _JOB_HEARTBEAT},
 * {@code _JOB_POLL}, {@code _JOB_ATTEMPTS}, {@code _METRICS_TOKEN_SHA256}, {@code _METRICS_HOST}, {@code _METRICS_PORT}), a properties file (the same keys in camel case: {@code data},
 * {@code host}, {@code port}, {@code httpThreads}, ...), and defaults that need no set-up. String keys
 * end here.
 */
final class ServerConfigLoader {
    static final String DEFAULT_DATA_DIR = "data";
    private static final Set<String> KEYS = Set.of(
            "data",
            "host",
            "port",
            "httpThreads",
            "buildWorkers",
            "tileSource",
            "idleTimeoutSeconds",
            "slowLinkFloor",
            "slowLinkWindowSeconds",
            "sendBufferBytes",
            "db",
            "storage",
            "retiredGraceHours",
            "role",
            "jobLease",
            "jobHeartbeat",
            "jobPoll",
            "jobAttempts",
            "metricsTokenSha256",
            "metricsHost",
            "metricsPort");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)?");

    /** What the command line said; null where it said nothing. */
    record Options(
            Path dataDir,
            String host,
            Integer port,
            Integer httpThreads,
            Integer buildWorkers,
            String tileSource,
            Integer idleTimeoutSeconds,
            Integer slowLinkFloor,
            Integer slowLinkWindowSeconds,
            String db,
            String storage,
            Integer retiredGraceHours,
            String role,
            String jobLease,
            String jobHeartbeat,
            String jobPoll,
            Integer jobAttempts) {
        Options(Path dataDir, String host, Integer port, Integer httpThreads, Integer buildWorkers, String tileSource) {
            this(
                    dataDir,
                    host,
                    port,
                    httpThreads,
                    buildWorkers,
                    tileSource,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    private final Properties file;
    private final Map<String, String> environment;
    private final String fileName;

    private ServerConfigLoader(Properties file, String fileName, Map<String, String> environment) {
        this.file = file;
        this.fileName = fileName;
        this.environment = environment;
    }

    static ServerConfig load(Options options, Path configFile, Map<String, String> environment, boolean demo) {
        Properties properties = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the config file " + configFile, e);
            }
            for (String key : properties.stringPropertyNames()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(
                            "unknown key '" + key + "' in " + configFile + "; known keys: " + KEYS);
                }
            }
        }
        ServerConfigLoader loader =
                new ServerConfigLoader(properties, configFile == null ? "" : configFile.toString(), environment);
        return new ServerConfig(
                options.dataDir() != null ? options.dataDir() : Path.of(loader.value("data", DEFAULT_DATA_DIR)),
                options.host() != null ? options.host() : loader.value("host", ServerConfig.DEFAULT_HOST),
                options.port() != null ? options.port() : loader.number("port", ServerConfig.DEFAULT_PORT),
                options.httpThreads() != null
                        ? options.httpThreads()
                        : loader.number("httpThreads", ServerConfig.DEFAULT_HTTP_THREADS),
                options.buildWorkers() != null
                        ? options.buildWorkers()
                        : loader.number("buildWorkers", ServerConfig.DEFAULT_BUILD_WORKERS),
                demo,
                options.tileSource() != null ? options.tileSource() : loader.value("tileSource", null),
                new LinkLimits(
                        Duration.ofSeconds(loader.number("idleTimeoutSeconds", options.idleTimeoutSeconds(), (int)
                                LinkLimits.DEFAULTS.idleTimeout().toSeconds())),
                        loader.number("slowLinkFloor", options.slowLinkFloor(), (int)
                                LinkLimits.DEFAULTS.floorBytesPerSecond()),
                        Duration.ofSeconds(loader.number("slowLinkWindowSeconds", options.slowLinkWindowSeconds(), (int)
                                LinkLimits.DEFAULTS.floorWindow().toSeconds())),
                        loader.number("sendBufferBytes", LinkLimits.DEFAULT_SEND_BUFFER_BYTES)),
                loader.database(options.db()),
                loader.storage(options.storage()),
                Duration.ofHours(loader.number("retiredGraceHours", options.retiredGraceHours(), (int)
                        ServerConfig.DEFAULT_RETIRED_GRACE.toHours())),
                options.role() != null
                        ? NodeRole.parse(options.role(), "--role")
                        : NodeRole.parse(loader.value("role", NodeRole.ALL.toString()), loader.source("role")),
                loader.jobs(options),
                new MetricsAccess(
                        loader.value("metricsTokenSha256", null),
                        loader.value("metricsHost", ServerConfig.DEFAULT_HOST),
                        loader.number("metricsPort", -1)),
                DeviceTerms.DEFAULTS);
    }

    /** Leases, heartbeat, polling and attempts of the rebuild jobs. */
    private JobSettings jobs(Options options) {
        JobSettings defaults = JobSettings.DEFAULTS;
        return new JobSettings(
                new LeaseTerms(
                        duration(
                                "jobLease",
                                options.jobLease(),
                                "--job-lease",
                                defaults.lease().lease()),
                        duration(
                                "jobHeartbeat",
                                options.jobHeartbeat(),
                                "--job-heartbeat",
                                defaults.lease().heartbeat())),
                duration("jobPoll", options.jobPoll(), "--job-poll", defaults.poll()),
                number("jobAttempts", options.jobAttempts(), defaults.maxAttempts()));
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    private Duration duration(String key, String fromOptions, String option, Duration fallback) {
        String text = fromOptions != null ? fromOptions : value(key, null);
        if (text == null) {
            return fallback;
        }
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 500ms, 2m or 1h, found '" + text
                    + "' (from " + (fromOptions != null ? option : source(key)) + ")");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** Where a key's value came from, for messages about it. */
    private String source(String key) {
        String fromEnvironment = environment.get(environmentName(key));
        return fromEnvironment != null && !fromEnvironment.isBlank() ? environmentName(key) : fileName;
    }

    /** A JDBC URL from the options, environment or file; user and password from the environment only. */
    private DatabaseConfig database(String fromOptions) {
        String url = fromOptions != null ? fromOptions : value("db", null);
        if (url == null) {
            return DatabaseConfig.EMBEDDED;
        }
        return new DatabaseConfig(
                url, environment.get("OFFLINE_PACKS_DB_USER"), environment.get("OFFLINE_PACKS_DB_PASSWORD"));
    }

    /** An s3:// URL from the options, environment or file; credentials from the environment only. */
    private StorageConfig storage(String fromOptions) {
        return StorageConfig.parse(fromOptions != null ? fromOptions : value("storage", null), environment);
    }

    private int number(String key, Integer fromOptions, int fallback) {
        return fromOptions != null ? fromOptions : number(key, fallback);
    }

    private String value(String key, String fallback) {
        String fromEnvironment = environment.get(environmentName(key));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        String fromFile = file.getProperty(key);
        return fromFile != null && !fromFile.isBlank() ? fromFile.trim() : fallback;
    }

    private int number(String key, int fallback) {
        String text = value(key, Integer.toString(fallback));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number, found '" + text + "' (from " + source(key) + ")");
        }
    }

    /** {@code httpThreads} → {@code OFFLINE_PACKS_HTTP_THREADS}. */
    static String environmentName(String key) {
        return "OFFLINE_PACKS_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
