package org.offlinepacks.api.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.api.accounts.DeviceTerms;
import org.offlinepacks.api.http.LinkLimits;
import org.offlinepacks.api.http.NodeRole;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.api.jobs.JobSettings;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.store.DatabaseConfig;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.UserAccount;
import org.offlinepacks.boundarydata.users.UsersReader;

/** The serving half of {@code demo}: the sample users, then the API until Ctrl-C. */
final class DemoServing {
    private DemoServing() {}

    /** @param accounts the users of the campaign, already stored in the data folder */
    static void serve(
            Campaign campaign, List<UserAccount> accounts, Path dataDir, int port, String tileSource, PrintWriter out)
            throws InterruptedException {
        ServerConfig config = new ServerConfig(
                dataDir,
                ServerConfig.DEFAULT_HOST,
                port,
                ServerConfig.DEFAULT_HTTP_THREADS,
                ServerConfig.DEFAULT_BUILD_WORKERS,
                true,
                tileSource,
                LinkLimits.DEFAULTS,
                DatabaseConfig.EMBEDDED,
                StorageConfig.DATA_FOLDER,
                ServerConfig.DEFAULT_RETIRED_GRACE,
                NodeRole.ALL,
                JobSettings.DEFAULTS,
                org.offlinepacks.api.metrics.MetricsAccess.OFF,
                DeviceTerms.DEFAULTS);
        ServeCommand.serveUntilStopped(config, out, baseUri -> {
            out.println("Sample users (tokens in users.json and the README; demo only):");
            for (UserAccount account : accounts) {
                out.printf(
                        "  %-10s %-13s %s%n",
                        account.user().id(),
                        account.user().role().name().toLowerCase(java.util.Locale.ROOT),
                        account.user().role() == Role.ADMIN
                                ? "(whole campaign)"
                                : new java.util.TreeSet<>(account.user().boundaryIds()));
            }
            sampleFieldWorker(campaign.folder())
                    .ifPresent(worker -> out.println("Try: curl -i -H 'Authorization: Bearer "
                            + worker.path("token").asText() + "' " + baseUri + "/v1/packs/"
                            + worker.path("boundaries").path(0).asText() + "/manifest"));
        });
    }

    /** The first field worker of users.json whose token is given in clear (public, demo only). */
    private static Optional<JsonNode> sampleFieldWorker(Path campaignFolder) {
        try {
            JsonNode users = JsonFiles.mapper()
                    .readTree(campaignFolder.resolve(UsersReader.FILE).toFile());
            for (JsonNode user : users.path("users")) {
                if ("field_worker".equals(user.path("role").asText()) && user.hasNonNull("token")) {
                    return Optional.of(user);
                }
            }
        } catch (IOException e) {
            // no sample command then; serving goes on
        }
        return Optional.empty();
    }
}
