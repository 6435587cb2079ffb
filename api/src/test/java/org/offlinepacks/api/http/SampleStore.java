package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqlUserStore;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;

/** A data folder's store with the sample campaign and the users a test needs. */
final class SampleStore {
    static final String CAMPAIGN_ID = PackFixtures.sampleCampaign().settings().id();

    private SampleStore() {}

    static void seed(Path dataDir, List<UserAccount> users) {
        Campaign campaign = PackFixtures.sampleCampaign();
        try (Databases databases = Databases.embedded(dataDir)) {
            SqlCampaignStore.open(databases.campaign()).save(campaign);
            SqlUserStore.open(databases.campaign()).replaceUsers(CAMPAIGN_ID, users);
        }
    }

    /** A production-style user of the sample campaign (token stored hashed, not a demo token). */
    static UserAccount account(String id, Role role, Set<String> boundaries, String token) {
        return new UserAccount(new User(id, CAMPAIGN_ID, role, boundaries), TokenHash.of(token), false);
    }
}
