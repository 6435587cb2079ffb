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
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.campaigns.FormFeed;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.jobs.PackSync;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.api.planning.BoundaryEditor;
import org.offlinepacks.api.planning.GeometryChangeChecker;
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
 * The running service: the stores of the data folder, the rebuild workers and the HTTP server with
 * every route group, wired once and closed together.
 */
public final class ApiApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiApplication.class);

    private final Databases databases;
    private final ObjectStore objects;
    private final CampaignStore campaignStore;
    private final UserStore userStore;
    private final RebuildJobs jobs;
    private ApiServer server;
    private List<PackSync.Rebuild> startupRebuilds = List.of();

    private ApiApplication(
            Databases databases,
            ObjectStore objects,
            CampaignStore campaignStore,
            UserStore userStore,
            RebuildJobs jobs) {
        this.databases = databases;
        this.objects = objects;
        this.campaignStore = campaignStore;
        this.userStore = userStore;
        this.jobs = jobs;
    }

    /** Serves the data folder (or the shared database and object storage) with the pack parts of the catalog. */
    public static ApiApplication start(ServerConfig config, List<ApiRoutes> extraRoutes) {
        return start(
                config,
                (databases, objects) -> PackBuilder.create(
                        new BuildOptions(config.dataDir(), config.tileSource(), databases.tileCache()),
                        new PackRepository(config.dataDir(), objects, databases.packs())),
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
        CampaignStore campaignStore;
        UserStore userStore;
        PackBuilder builder;
        try {
            objects = ObjectStores.open(config.storage(), config.dataDir());
        } catch (RuntimeException e) {
            databases.close();
            throw e;
        }
        try {
            campaignStore = SqlCampaignStore.open(databases.campaign());
            userStore = SqlUserStore.open(databases.campaign());
            builder = builders.apply(databases, objects);
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
        RebuildJobs jobs = new RebuildJobs(builder, campaigns::inputFor, config.buildWorkers(), Clock.systemUTC());
        ApiApplication application = new ApiApplication(databases, objects, campaignStore, userStore, jobs);
        try {
            application.startupRebuilds = PackSync.rebuildOutOfStep(builder.repository(), campaigns, jobs);
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new HealthRoutes(() -> application.health(config.dataDir())));
            routes.add(new DownloadRoutes(new PackDownloads(builder.repository(), campaigns)));
            GeometryChangeChecker changes =
                    new GeometryChangeChecker(new BuildOptions(config.dataDir(), config.tileSource()));
            routes.add(new PlannerRoutes(new BoundaryEditor(campaigns, jobs, changes)));
            routes.add(new FormRoutes(new FormFeed(campaigns)));
            routes.add(UploadRoutes.open(config.dataDir(), databases.entries(), objects, campaigns));
            routes.addAll(extraRoutes);
            application.server = ApiServer.start(
                    config, new BearerTokenAuthenticator(userStore, campaigns, Clock.systemUTC()), routes);
            return application;
        } catch (RuntimeException e) {
            application.close();
            throw e;
        }
    }

    /** The rebuilds queued at start for packs out of step with the store. */
    public List<PackSync.Rebuild> startupRebuilds() {
        return startupRebuilds;
    }

    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
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
        checks.put("pendingRebuilds", jobs.pending());
        boolean ready = storeOk && dataOk;
        return new HealthRoutes.Health(ready ? "ok" : "not-ready", true, ready, checks);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        jobs.close();
        userStore.close();
        campaignStore.close();
        objects.close();
        databases.close();
    }
}
