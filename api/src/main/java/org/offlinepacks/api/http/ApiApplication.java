package org.offlinepacks.api.http;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.campaigns.FormFeed;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.jobs.PackSync;
import org.offlinepacks.api.jobs.RebuildJobs;
import org.offlinepacks.api.planning.BoundaryEditor;
import org.offlinepacks.api.planning.CampaignEditor;
import org.offlinepacks.api.planning.GeometryChangeChecker;
import org.offlinepacks.api.planning.UserEditor;
import org.offlinepacks.api.sync.SyncIndexer;
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
    private final CampaignStore campaignStore;
    private final UserStore userStore;
    private final RebuildJobs jobs;
    private ApiServer server;
    private List<PackSync.Rebuild> startupRebuilds = List.of();

    private ApiApplication(Databases databases, CampaignStore campaignStore, UserStore userStore, RebuildJobs jobs) {
        this.databases = databases;
        this.campaignStore = campaignStore;
        this.userStore = userStore;
        this.jobs = jobs;
    }

    /** Serves the data folder with the pack parts of the catalog. */
    public static ApiApplication start(ServerConfig config, List<ApiRoutes> extraRoutes) {
        return start(config, PackBuilder.create(new BuildOptions(config.dataDir(), config.tileSource())), extraRoutes);
    }

    /**
     * @param builder builds the packs of rebuild jobs (tests pass one with fewer part writers)
     * @param extraRoutes more route groups, e.g. the entry uploads
     */
    public static ApiApplication start(ServerConfig config, PackBuilder builder, List<ApiRoutes> extraRoutes) {
        Databases databases = Databases.open(config.dataDir(), config.database());
        CampaignStore campaignStore;
        UserStore userStore;
        try {
            campaignStore = SqlCampaignStore.open(databases.campaign());
            userStore = SqlUserStore.open(databases.campaign());
        } catch (RuntimeException e) {
            databases.close();
            throw e;
        }
        if (!config.demo() && userStore.hasDemoTokens()) {
            databases.close();
            throw new IllegalStateException("the store has users whose token was given in clear in users.json"
                    + " (the public demo tokens); give production users tokenSha256 instead,"
                    + " or start with --demo if this is a demo");
        }
        CampaignCatalog campaigns = new CampaignCatalog(campaignStore);
        RebuildJobs jobs = new RebuildJobs(builder, campaigns::inputFor, config.buildWorkers(), Clock.systemUTC());
        ApiApplication application = new ApiApplication(databases, campaignStore, userStore, jobs);
        BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(userStore, campaigns, Clock.systemUTC());
        try {
            application.startupRebuilds = PackSync.rebuildOutOfStep(builder.repository(), campaigns, jobs);
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new HealthRoutes(() -> application.health(config.dataDir())));
            PackDownloads downloads = new PackDownloads(builder.repository(), campaigns);
            routes.add(new DownloadRoutes(downloads));
            routes.add(new SyncRoutes(new SyncIndexer(campaigns, downloads)));
            GeometryChangeChecker changes =
                    new GeometryChangeChecker(new BuildOptions(config.dataDir(), config.tileSource()));
            routes.add(new PlannerRoutes(new BoundaryEditor(campaigns, jobs, changes)));
            routes.add(new FormRoutes(new FormFeed(campaigns)));
            routes.add(new CampaignRoutes(
                    new CampaignEditor(
                            campaigns,
                            jobs,
                            boundaryId ->
                                    builder.repository().current(boundaryId).isPresent(),
                            Clock.systemUTC()),
                    new UserEditor(userStore, campaigns, authenticator::forget)));
            routes.add(UploadRoutes.open(config.dataDir(), databases.entries(), campaigns));
            routes.addAll(extraRoutes);
            application.server = ApiServer.start(config, authenticator, routes);
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
        databases.close();
    }
}
