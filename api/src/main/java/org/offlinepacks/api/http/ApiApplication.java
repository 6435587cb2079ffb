package org.offlinepacks.api.http;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.offlinepacks.api.accounts.DeviceAccounts;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.campaigns.FormFeed;
import org.offlinepacks.api.console.ConsoleRoutes;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.jobs.PackSync;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.api.jobs.RebuildWorkers;
import org.offlinepacks.api.jobs.RetiredPacks;
import org.offlinepacks.api.keys.CampaignKeys;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.NodeName;
import org.offlinepacks.api.metrics.MetricsListener;
import org.offlinepacks.api.metrics.MetricsRoutes;
import org.offlinepacks.api.metrics.ServiceMetrics;
import org.offlinepacks.api.planning.BoundaryEditor;
import org.offlinepacks.api.planning.BoundaryOverviews;
import org.offlinepacks.api.planning.CampaignEditor;
import org.offlinepacks.api.planning.GeometryChangeChecker;
import org.offlinepacks.api.planning.UserEditor;
import org.offlinepacks.api.sealing.SealedUploads;
import org.offlinepacks.api.sealing.UploadKeys;
import org.offlinepacks.api.sync.SyncIndexer;
import org.offlinepacks.api.tiles.CampaignTiles;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStores;
import org.offlinepacks.boundarydata.store.CampaignStore;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the stores of the data folder (or the shared database and object storage), the rebuild jobs,
 * this node's build workers and the HTTP server with every route group, wired once and closed
 * together. Which of them run depends on the node's {@link NodeRole}.
 */
public final class ApiApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiApplication.class);

    /** How often the packs of retired boundaries are checked against their grace period. */
    private static final java.time.Duration RETIRED_SWEEP = java.time.Duration.ofHours(1);

    private final Databases databases;
    private final java.util.concurrent.ScheduledExecutorService sweeper =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "retired-packs");
                thread.setDaemon(true);
                return thread;
            });
    private volatile RetiredPacks retired;
    private final ObjectStore objects;
    private final CampaignStore campaignStore;
    private final UserStore userStore;
    private final RebuildJobs jobs;
    private final NodeRole role;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private MetricsListener metricsListener;
    private RebuildWorkers workers;
    private ApiServer server;
    private List<PackSync.Rebuild> startupRebuilds = List.of();

    private ApiApplication(
            Databases databases,
            ObjectStore objects,
            CampaignStore campaignStore,
            UserStore userStore,
            RebuildJobs jobs,
            NodeRole role) {
        this.databases = databases;
        this.objects = objects;
        this.campaignStore = campaignStore;
        this.userStore = userStore;
        this.jobs = jobs;
        this.role = role;
    }

    /** Serves the data folder with the pack parts of the catalog. */
    public static ApiApplication start(ServerConfig config, List<ApiRoutes> extraRoutes) {
        return start(
                config,
                (databases, objects) -> PackBuilder.create(
                        new BuildOptions(config.dataDir(), config.tileSource(), databases.tileCache()),
                        new PackRepository(config.dataDir(), objects, databases.packs()),
                        BoundaryLeases.open(databases.campaign(), config.jobs().lease(), NodeName.local())),
                extraRoutes);
    }

    /**
     * @param builder builds the packs of rebuild jobs (tests pass one with fewer part writers)
     * @param extraRoutes more route groups, e.g. the entry uploads
     */
    public static ApiApplication start(ServerConfig config, PackBuilder builder, List<ApiRoutes> extraRoutes) {
        return start(config, (databases, objects) -> builder, extraRoutes);
    }

    private static ApiApplication start(
            ServerConfig config,
            BiFunction<Databases, ObjectStore, PackBuilder> builders,
            List<ApiRoutes> extraRoutes) {
        Databases databases = Databases.open(config.dataDir(), config.database());
        ObjectStore objects;
        try {
            objects = ObjectStores.open(config.storage(), config.dataDir());
        } catch (RuntimeException e) {
            databases.close();
            throw e;
        }
        CampaignStore campaignStore;
        UserStore userStore;
        RebuildJobs jobs;
        try {
            campaignStore = SqlCampaignStore.open(databases.campaign());
            userStore = SqlUserStore.open(databases.campaign());
            jobs = RebuildJobs.open(databases.campaign(), config.jobs());
        } catch (RuntimeException e) {
            objects.close();
            databases.close();
            throw e;
        }
        if (!config.demo() && userStore.hasDemoTokens()) {
            objects.close();
            databases.close();
            throw new IllegalStateException("the store has users whose token was given in clear in users.json"
                    + " (the public demo tokens); give production users tokenSha256 instead,"
                    + " or start with --demo if this is a demo");
        }
        CampaignCatalog campaigns = new CampaignCatalog(campaignStore);
        ApiApplication application =
                new ApiApplication(databases, objects, campaignStore, userStore, jobs, config.role());
        DeviceAccounts deviceAccounts =
                new DeviceAccounts(databases.campaign(), userStore, config.deviceTerms(), Clock.systemUTC());
        BearerTokenAuthenticator authenticator =
                new BearerTokenAuthenticator(userStore, deviceAccounts, campaigns, Clock.systemUTC());
        try {
            PackBuilder builder = builders.apply(databases, objects);
            ServiceMetrics metrics = application.metrics;
            if (config.role().builds()) {
                application.workers = RebuildWorkers.start(
                        jobs, builder, campaigns::currentInputFor, config.buildWorkers(), NodeName.local());
                application.workers.reportTo(metrics);
            }
            metrics.jobQueue(jobs::pending);
            application.measurePools(databases);
            application.startupRebuilds = PackSync.rebuildOutOfStep(builder.repository(), campaigns, jobs);
            application.retired =
                    new RetiredPacks(builder.repository(), campaignStore, config.retiredGrace(), Clock.systemUTC());
            application.sweeper.scheduleWithFixedDelay(
                    application::sweepRetired, 0, RETIRED_SWEEP.toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new HealthRoutes(() -> application.health(config.dataDir())));
            routes.add(new OpenApiRoutes());
            if (config.metrics().onPublicPort()) {
                routes.add(new MetricsRoutes(config.metrics(), metrics));
            }
            if (config.role().servesApi()) {
                PackDownloads downloads = new PackDownloads(builder.repository(), campaigns);
                UploadKeys uploadKeys = new UploadKeys(databases.campaign());
                CampaignKeys keys = new CampaignKeys(builder.repository().signingKeys(), uploadKeys);
                routes.add(new DownloadRoutes(downloads));
                CampaignDataRoutes data =
                        CampaignDataRoutes.open(config.dataDir(), databases.entries(), objects, campaigns, userStore);
                routes.add(new SyncRoutes(new SyncIndexer(
                        campaigns,
                        downloads,
                        keys,
                        data.registrationIds()::indexSection,
                        data.dashboards()::indexSection)));
                routes.add(new KeyRoutes(keys));
                routes.add(new AccountRoutes(deviceAccounts, keys, authenticator::forgetDevice));
                routes.add(new RelayFeedRoutes(userStore, deviceAccounts));
                GeometryChangeChecker changes =
                        new GeometryChangeChecker(new BuildOptions(config.dataDir(), config.tileSource()));
                routes.add(new PlannerRoutes(new BoundaryEditor(campaigns, jobs, changes)));
                routes.add(new FormRoutes(new FormFeed(campaigns)));
                routes.add(new OverviewRoutes(
                        new BoundaryOverviews(campaigns, builder.repository(), jobs, userStore),
                        new CampaignTiles(
                                campaigns,
                                builder.repository(),
                                new BuildOptions(config.dataDir(), config.tileSource()))));
                routes.add(new ConsoleRoutes());
                routes.add(new CampaignRoutes(
                        new CampaignEditor(
                                campaigns,
                                jobs,
                                boundaryId ->
                                        builder.repository().current(boundaryId).isPresent(),
                                Clock.systemUTC()),
                        new UserEditor(userStore, campaigns, authenticator::forget)));
                UploadRoutes uploads = data.uploads();
                uploads.onIngested(metrics::entriesIngested);
                routes.addAll(data.routes());
                routes.add(new SealedUploadRoutes(
                        new SealedUploads(
                                databases.campaign(),
                                uploadKeys,
                                deviceAccounts,
                                uploads.service(),
                                userId -> userStore
                                        .account(userId)
                                        .filter(account -> !account.disabled())
                                        .map(account -> UploadRoutes.uploader(
                                                account.user(), authenticator.policyFor(account.user()))),
                                Clock.systemUTC()),
                        uploads));
                routes.addAll(extraRoutes);
            }
            application.server = ApiServer.start(config, authenticator, routes, metrics);
            if (config.metrics().ownListener()) {
                application.metricsListener = MetricsListener.start(config.metrics(), metrics);
            }
            return application;
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
    }

    /**
     * Removes the packs of boundaries retired longer than the grace period; returns which. One sweep
     * at a time: the one at start and a caller's would otherwise remove the same files at once.
     */
    public synchronized List<String> sweepRetired() {
        try {
            return retired == null ? List.of() : retired.sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping the packs of retired boundaries failed", e);
            return List.of();
        }
    }

    /** The rebuilds queued at start for packs out of step with the store. */
    public List<PackSync.Rebuild> startupRebuilds() {
        return startupRebuilds;
    }

    public NodeRole role() {
        return role;
    }

    /** Every route this node serves, as {@code METHOD /path/:param}; the OpenAPI description must have each. */
    public List<String> routes() {
        return server.routes();
    }

    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
    }

    /** The port of the metrics' own listener; see {@link org.offlinepacks.api.metrics.MetricsAccess}. */
    public int metricsPort() {
        if (metricsListener == null) {
            throw new IllegalStateException("the metrics have no listener of their own on this node");
        }
        return metricsListener.port();
    }

    private void measurePools(Databases databases) {
        if (databases.isShared()) {
            metrics.databasePool("shared", databases.campaign());
            return;
        }
        metrics.databasePool("campaign", databases.campaign());
        metrics.databasePool("entries", databases.entries());
        metrics.databasePool("packs", databases.packs());
        metrics.databasePool("tile-cache", databases.tileCache());
    }

    /** Downloads and uploads in progress. */
    public int activeTransfers() {
        return server.activeTransfers();
    }

    private HealthRoutes.Health health(Path dataDir) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean storeOk;
        try {
            campaignStore.campaignOf("health-check");
            storeOk = true;
        } catch (RuntimeException e) {
            LOG.warn("health: the store does not answer", e);
            storeOk = false;
        }
        boolean dataOk = Files.isDirectory(dataDir) && Files.isWritable(dataDir);
        checks.put("store", storeOk ? "ok" : "failing");
        checks.put("dataFolder", dataOk ? "ok" : "not writable");
        checks.put("role", role.toString());
        checks.put("pendingRebuilds", storeOk ? pendingRebuilds() : "unknown");
        if (workers != null) {
            checks.put("buildsRunningHere", workers.running());
        }
        boolean ready = storeOk && dataOk;
        return new HealthRoutes.Health(ready ? "ok" : "not-ready", true, ready, checks);
    }

    private Object pendingRebuilds() {
        try {
            return jobs.pending();
        } catch (RuntimeException e) {
            LOG.warn("health: the job table does not answer", e);
            return "unknown";
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        if (metricsListener != null) {
            metricsListener.close();
        }
        if (server != null) {
            server.close();
        }
        if (workers != null) {
            workers.close();
        }
        userStore.close();
        campaignStore.close();
        objects.close();
        databases.close();
        metrics.close();
    }
}
