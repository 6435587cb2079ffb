package org.offlinepacks.boundarydata.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;

class SqliteCampaignStoreTest {
    private static final String ENCAMP = "osm-relation-2804755";

    @TempDir
    Path dir;

    @Test
    void aSavedCampaignLoadsBackEqualAfterReopening() {
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        try (CampaignStore store = SqliteCampaignStore.open(dir.resolve("store.sqlite"))) {
            store.save(campaign);
        }
        try (CampaignStore store = SqliteCampaignStore.open(dir.resolve("store.sqlite"))) {
            Campaign loaded = store.load("andorra-bednets-2026").orElseThrow();

            assertEquals(campaign.settings(), loaded.settings());
            assertEquals(campaign.points(), loaded.points());
            assertEquals(campaign.forms(), loaded.forms());
            assertEquals(campaign.localizations(), loaded.localizations());
            assertEquals(campaign.sosContacts(), loaded.sosContacts());
            for (Boundary boundary : campaign.boundaries()) {
                Boundary stored = loaded.boundary(boundary.id()).orElseThrow();
                assertEquals(boundary.version(), stored.version());
                assertTrue(boundary.geometry().equalsExact(stored.geometry(), 1e-7), boundary.id());
            }
        }
    }

    @Test
    void aChangedGeometryIsANewVersionAndTheOldOneIsKept() {
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        try (CampaignStore store = SqliteCampaignStore.open(dir.resolve("store.sqlite"))) {
            store.save(campaign);
            Boundary encamp = campaign.boundary(ENCAMP).orElseThrow();
            Geometry grown = encamp.geometry().buffer(0.001);

            String unchanged = store.updateGeometry(ENCAMP, encamp.geometry());
            String changed = store.updateGeometry(ENCAMP, grown);
            store.save(campaign); // re-importing the folder brings the original back

            assertEquals(encamp.version(), unchanged);
            assertEquals(List.of(encamp.version(), changed), store.versions(ENCAMP));
            assertEquals(
                    encamp.version(),
                    store.load(campaign.settings().id())
                            .orElseThrow()
                            .boundary(ENCAMP)
                            .orElseThrow()
                            .version());
        }
    }
}
