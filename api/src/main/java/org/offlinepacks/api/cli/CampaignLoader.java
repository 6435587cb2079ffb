package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.store.CampaignImport;
import org.offlinepacks.boundarydata.store.CampaignStore;
import org.offlinepacks.boundarydata.store.SqliteCampaignStore;
import org.offlinepacks.boundarydata.validation.InvalidInputException;

/**
 * Reads a campaign folder for a command: shows the report, stores the campaign in the data folder
 * and shows what the import did to each boundary. Returns the campaign as stored, so that packs are
 * built from the boundaries' current versions (a planner's edit the folder did not override).
 */
final class CampaignLoader {
    static final String STORE_FILE = "store.sqlite";
    private static final int ISSUES_SHOWN_PER_CODE = 5;

    private CampaignLoader() {}

    static Campaign load(Path campaignDir, Path dataDir, PrintWriter messages) {
        CampaignReader.Result result = CampaignReader.read(campaignDir);
        if (result.campaign() == null) {
            throw new InvalidInputException("campaign " + campaignDir, result.report());
        }
        if (!result.report().issues().isEmpty()) {
            messages.println("campaign " + campaignDir + ": " + result.report().format(ISSUES_SHOWN_PER_CODE));
        }
        try (CampaignStore store = SqliteCampaignStore.open(dataDir.resolve(STORE_FILE))) {
            CampaignImport imported = store.save(result.campaign());
            messages.println("imported " + imported.describe());
            return store.load(result.campaign().settings().id()).orElseThrow();
        }
    }
}
