package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.store.CampaignImport;
import org.offlinepacks.boundarydata.store.CampaignStore;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.validation.InvalidInputException;

/**
 * Reads a campaign folder for a command: shows the report, stores the campaign in the data folder
 * and shows what the import did to each boundary. Returns the folder's campaign with its boundaries
 * at their current versions in the store, so that packs are built from a planner's edit the folder
 * did not override.
 */
final class CampaignLoader {
    private static final int ISSUES_SHOWN_PER_CODE = 5;

    private CampaignLoader() {}

    static Campaign load(Path campaignDir, Databases databases, PrintWriter messages) {
        CampaignReader.Result result = CampaignReader.read(campaignDir);
        if (result.campaign() == null) {
            throw new InvalidInputException("campaign " + campaignDir, result.report());
        }
        if (!result.report().issues().isEmpty()) {
            messages.println("campaign " + campaignDir + ": " + result.report().format(ISSUES_SHOWN_PER_CODE));
        }
        try (CampaignStore store = SqlCampaignStore.open(databases.campaign())) {
            CampaignImport imported = store.save(result.campaign());
            messages.println("imported " + imported.describe());
            return withCurrentBoundaries(
                    result.campaign(), store.load(imported.campaignId()).orElseThrow());
        }
    }

    /** The folder's campaign, its boundaries at their current versions in the store. */
    private static Campaign withCurrentBoundaries(Campaign folder, Campaign stored) {
        List<Boundary> current = folder.boundaries().stream()
                .map(boundary -> stored.boundary(boundary.id()).orElse(boundary))
                .toList();
        return new Campaign(
                folder.folder(),
                folder.settings(),
                current,
                folder.points(),
                folder.forms(),
                folder.localizations(),
                folder.sosContacts());
    }
}
