package org.offlinepacks.api.http;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.SqliteCampaignStore;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqliteUserStore;
import org.offlinepacks.boundarydata.users.TokenHash;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserAccount;

/** A data folder with the sample campaign and the users of the upload tests; no packs. */
final class UploadTestData {
    static final String ENCAMP = "osm-relation-2804755";
    static final String ORDINO = "osm-relation-2804758";
    static final String ANDORRA_LA_VELLA = "osm-relation-2804753";

    static final String ENCAMP_WORKER = "token-fw-encamp";
    static final String ORDINO_WORKER = "token-fw-ordino";
    static final String NORTH_SUPERVISOR = "token-sup-north";

    private UploadTestData() {}

    static void seed(Path dataDir) {
        Campaign campaign = PackFixtures.sampleCampaign();
        String campaignId = campaign.settings().id();
        Path store = dataDir.resolve(ApiApplication.STORE_FILE);
        try (SqliteCampaignStore campaigns = SqliteCampaignStore.open(store);
                SqliteUserStore users = SqliteUserStore.open(store)) {
            campaigns.save(campaign);
            users.replaceUsers(
                    campaignId,
                    List.of(
                            account(campaignId, "fw-encamp", Role.FIELD_WORKER, Set.of(ENCAMP), ENCAMP_WORKER),
                            account(campaignId, "fw-ordino", Role.FIELD_WORKER, Set.of(ORDINO), ORDINO_WORKER),
                            account(
                                    campaignId,
                                    "sup-north",
                                    Role.SUPERVISOR,
                                    Set.of(ENCAMP, ORDINO),
                                    NORTH_SUPERVISOR)));
        }
    }

    private static UserAccount account(String campaignId, String id, Role role, Set<String> boundaries, String token) {
        return new UserAccount(new User(id, campaignId, role, boundaries), TokenHash.of(token), false);
    }

    static ApiApplication start(Path dataDir) {
        return ApiApplication.start(
                ServerConfig.defaults(dataDir).withPort(0), TestService.smallBuilder(dataDir), List.of());
    }
}
