package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ApiRoutes;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the HTTP API (v1) over a data folder until stopped (Ctrl-C).",
            "Options override the environment (OFFLINE_PACKS_DATA, _HOST, _PORT, _HTTP_THREADS, _BUILD_WORKERS,"
                    + " _TILE_SOURCE, _IDLE_TIMEOUT_SECONDS, _SLOW_LINK_FLOOR, _SLOW_LINK_WINDOW_SECONDS, _DB, _STORAGE,"
                    + " _RETIRED_GRACE_HOURS, _ROLE, _JOB_LEASE, _JOB_HEARTBEAT, _JOB_POLL, _JOB_ATTEMPTS), which overrides"
                    + " --config FILE; the defaults need no set-up."
        })
final class ServeCommand implements Callable<Integer>, DataFolderCommand {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A properties file: data, host, port, httpThreads, buildWorkers, tileSource, db, storage,"
                    + " role, jobLease, ... (default: $OFFLINE_PACKS_CONFIG, else none).")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "The data folder (default: data).")
    Path dataDir;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "The port (default: 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--http-threads", paramLabel = "N", description = "Most requests handled at once (default: 64).")
    Integer httpThreads;

    @Option(
            names = "--build-workers",
            paramLabel = "N",
            description = "Most pack rebuilds at once on this node, when it builds (default: 1).")
    Integer buildWorkers;

    @Option(
            names = "--role",
            paramLabel = "api|worker|all",
            description = "api: the HTTP API, queueing rebuilds; worker: builds queued rebuilds and serves only"
                    + " /v1/health; all: both (default). Nodes of a --db database share one job queue.")
    String role;

    @Option(
            names = "--job-lease",
            paramLabel = "DURATION",
            description = "A rebuild whose worker stopped renewing its lease for this long is taken over by another"
                    + " worker (default: 30s; e.g. 500ms, 30s, 2m).")
    String jobLease;

    @Option(
            names = "--job-heartbeat",
            paramLabel = "DURATION",
            description = "How often a worker renews its leases and writes its builds' progress (default: 2s; at"
                    + " most half the lease).")
    String jobHeartbeat;

    @Option(
            names = "--job-poll",
            paramLabel = "DURATION",
            description = "How often an idle worker looks for queued rebuilds (default: 1s).")
    String jobPoll;

    @Option(
            names = "--job-attempts",
            paramLabel = "N",
            description = "A rebuild whose worker stopped this many times fails (default: 3).")
    Integer jobAttempts;

    @Option(
            names = "--tile-source",
            paramLabel = "SOURCE",
            description = "Tile source for rebuilds, replacing the campaigns'.")
    String tileSource;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            description = "A connection with no traffic for this long is closed (default: 60).")
    Integer idleTimeoutSeconds;

    @Option(
            names = "--slow-link-floor",
            paramLabel = "BYTES_PER_S",
            description = "A download or upload moving fewer bytes per second than this, on average over"
                    + " --slow-link-window, is closed (default: 100; 0 turns it off).")
    Integer slowLinkFloor;

    @Option(
            names = "--slow-link-window",
            paramLabel = "SECONDS",
            description = "The window of the slow-link floor's average (default: 60).")
    Integer slowLinkWindowSeconds;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description = "A PostgreSQL database shared by several nodes, jdbc:postgresql://HOST:PORT/DB (user and"
                    + " password from OFFLINE_PACKS_DB_USER and OFFLINE_PACKS_DB_PASSWORD); default: the data folder's"
                    + " SQLite files.")
    String db;

    @Option(
            names = "--storage",
            paramLabel = "URL",
            description = "Object storage shared by several nodes for pack files, receipts and uploaded files,"
                    + " s3://BUCKET[/PREFIX]?endpoint=URL&region=R (credentials from AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY); default: the data folder.")
    String storage;

    @Option(
            names = "--retired-grace-hours",
            paramLabel = "HOURS",
            description = "How long the packs of a boundary retired from its campaign stay downloadable, for devices"
                    + " in the middle of a download (default: 168).")
    Integer retiredGraceHours;

    @Option(
            names = "--campaign",
            paramLabel = "DIR",
            description = "Reads and stores this campaign folder and its users.json before serving.")
    Path campaignDir;

    @Option(names = "--demo", description = "Accepts the public demo tokens of users.json (never in production).")
    boolean demo;

    /** Known once the configuration is read. */
    private Path dataFolder;

    @Override
    public Path dataFolder() {
        return dataFolder;
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfigLoader.load(
                new ServerConfigLoader.Options(
                        dataDir,
                        host,
                        port,
                        httpThreads,
                        buildWorkers,
                        tileSource,
                        idleTimeoutSeconds,
                        slowLinkFloor,
                        slowLinkWindowSeconds,
                        db,
                        storage,
                        retiredGraceHours,
                        role,
                        jobLease,
                        jobHeartbeat,
                        jobPoll,
                        jobAttempts),
                configFile != null ? configFile : configFileFromEnvironment(),
                System.getenv(),
                demo);
        dataFolder = config.dataDir();
        PrintWriter err = spec.commandLine().getErr();
        if (campaignDir != null) {
            try (Databases databases = Databases.open(config.dataDir(), config.database())) {
                Campaign campaign = CampaignLoader.load(campaignDir, databases, err);
                UsersLoader.load(campaign, databases, err);
            }
        }
        serveUntilStopped(config, spec.commandLine().getOut(), baseUri -> {});
        return 0;
    }

    private static Path configFileFromEnvironment() {
        String file = System.getenv("OFFLINE_PACKS_CONFIG");
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    /** Route groups beyond the download, planner, forms and health ones (e.g. entry uploads). */
    static List<ApiRoutes> extraRoutes(ServerConfig config) {
        return List.of();
    }

    /** Serves until the process is asked to stop; closes everything on the way out. */
    static void serveUntilStopped(ServerConfig config, PrintWriter out, Consumer<URI> announce)
            throws InterruptedException {
        ApiApplication application = ApiApplication.start(config, extraRoutes(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            application.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        out.println("Serving " + application.baseUri() + "/v1 from "
                + config.dataDir().toAbsolutePath()
                + (config.demo() ? " (demo: the public sample tokens are accepted)" : "") + "; Ctrl-C stops.");
        out.println(
                switch (config.role()) {
                    case API -> "Role api: rebuilds are queued for the worker nodes on the same database.";
                    case WORKER ->
                        "Role worker: building queued rebuilds, " + config.buildWorkers()
                                + " at once; only /v1/health is served.";
                    case ALL ->
                        "Role all: serving the API and building rebuilds, " + config.buildWorkers() + " at once.";
                });
        if (!config.database().embedded() && config.storage().dataFolder()) {
            out.println("Note: the database is shared but pack files and uploads stay in this node's data folder;"
                    + " nodes on other machines need --storage too (see Several nodes in the README).");
        }
        out.println("Health: curl " + application.baseUri() + "/v1/health");
        if (!application.startupRebuilds().isEmpty()) {
            out.println("Rebuilding " + application.startupRebuilds().size() + " pack(s) out of step with the store:");
            application.startupRebuilds().forEach(rebuild -> out.println("  " + rebuild.describe()));
        }
        announce.accept(application.baseUri());
        out.flush();
        stopped.await();
    }
}
