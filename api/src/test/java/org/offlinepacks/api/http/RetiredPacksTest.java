package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.BoundaryImport;
import org.offlinepacks.boundarydata.store.CampaignImport;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;

/**
 * A boundary removed from the campaign folder leaves every sync index at once, stays downloadable
 * for devices in the middle of a download, and its packs go after the grace period.
 */
class RetiredPacksTest {
    @TempDir
    Path dataDir;

    @Test
    void aBoundaryRemovedFromTheFolderIsRetiredThenItsPacksGo() throws Exception {
        PackManifest ordino;
        try (TestService service = TestService.start(dataDir)) {
            ordino = service.manifest(TestService.ORDINO);
        }
        Campaign sample = PackFixtures.sampleCampaign();
        Campaign withoutOrdino = new Campaign(
                sample.folder(),
                sample.settings(),
                sample.boundaries().stream()
                        .filter(b -> !b.id().equals(TestService.ORDINO))
                        .toList(),
                sample.points().stream()
                        .filter(p -> !TestService.ORDINO.equals(p.boundaryId()))
                        .toList(),
                sample.forms(),
                sample.localizations(),
                sample.sosContacts().stream()
                        .filter(c -> !c.boundaryIds().contains(TestService.ORDINO))
                        .toList());
        try (Databases databases = Databases.embedded(dataDir)) { // what `serve --campaign` does at start
            CampaignImport imported =
                    SqlCampaignStore.open(databases.campaign()).save(withoutOrdino);
            assertTrue(imported.boundaries().stream()
                    .anyMatch(b -> b.boundaryId().equals(TestService.ORDINO)
                            && b.outcome() == BoundaryImport.Outcome.RETIRED));
        }

        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0).withRetiredGrace(Duration.ofHours(1));
        try (TestLeases leases = TestLeases.inDataFolder(dataDir);
                ApiApplication application =
                        ApiApplication.start(config, TestService.smallBuilder(dataDir, leases), List.of())) {
            Phone admin = new Phone(application.baseUri().toString(), TestService.ADMIN);
            DeviceSimulator device = new DeviceSimulator(admin);
            device.sync();
            assertEquals(Set.of(TestService.ENCAMP, TestService.ANDORRA_LA_VELLA), device.boundariesHeld());
            // a device still downloading Ordino's pack finishes it
            assertEquals(200, admin.get("/v1/parts/" + ordino.bundle().sha256()).statusCode());
            assertEquals(List.of(), application.sweepRetired(), "within the grace period");
        }
        try (TestLeases leases = TestLeases.inDataFolder(dataDir);
                ApiApplication application = ApiApplication.start(
                        config.withRetiredGrace(Duration.ZERO), TestService.smallBuilder(dataDir, leases), List.of())) {
            application.sweepRetired(); // the service also sweeps at start and every hour
            assertTrue(!java.nio.file.Files.exists(dataDir.resolve("packs").resolve(TestService.ORDINO)));
            Phone admin = new Phone(application.baseUri().toString(), TestService.ADMIN);
            assertEquals(404, admin.get("/v1/parts/" + ordino.bundle().sha256()).statusCode());
        }
    }
}
