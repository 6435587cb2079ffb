package org.offlinepacks.boundarydata.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignReader;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.boundarydata.validation.ValidationReport;

class SqlUserStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void theSampleUsersAuthenticateByTokenAndAreMarkedAsDemoUsers(Database.Dialect dialect) {
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        ValidationReport report = new ValidationReport();
        Set<String> boundaryIds =
                campaign.boundaries().stream().map(Boundary::id).collect(Collectors.toSet());
        List<UserAccount> accounts =
                UsersReader.read(SampleCampaign.FOLDER, campaign.settings().id(), boundaryIds, report);
        assertFalse(report.hasErrors(), report::format);
        try (Database database = TestDatabases.open(dialect, dir);
                UserStore users = SqlUserStore.open(database)) {
            SqlCampaignStore.open(database).save(campaign);
            users.replaceUsers(campaign.settings().id(), accounts);
            User worker = users.findByToken("demo-field-worker-encamp").orElseThrow();
            assertEquals(Role.FIELD_WORKER, worker.role());
            assertEquals(Set.of("osm-relation-2804755"), worker.boundaryIds());
            assertTrue(users.findByToken("demo-field-worker-encamp ").isEmpty());
            assertTrue(users.hasDemoTokens());
            assertTrue(users.accounts(campaign.settings().id()).stream()
                    .noneMatch(a -> a.tokenSha256().contains("demo")));

            String token = TokenHash.newToken();
            users.replaceUsers(campaign.settings().id(), List.of(new UserAccount(worker, TokenHash.of(token), false)));
            assertFalse(users.hasDemoTokens());
            assertEquals(worker, users.findByToken(token).orElseThrow());
            assertTrue(users.findByToken("demo-field-worker-encamp").isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Database.Dialect.class)
    void usersArePagedInIdOrder(Database.Dialect dialect) {
        Campaign campaign = CampaignReader.readValid(SampleCampaign.FOLDER);
        String campaignId = campaign.settings().id();
        List<UserAccount> accounts = new java.util.ArrayList<>();
        for (String id : List.of("e", "a", "d", "b", "c")) {
            accounts.add(new UserAccount(
                    new User(id, campaignId, Role.FIELD_WORKER, Set.of()), TokenHash.of("token-of-" + id), false));
        }
        try (Database database = TestDatabases.open(dialect, dir);
                UserStore users = SqlUserStore.open(database)) {
            SqlCampaignStore.open(database).save(campaign);
            users.replaceUsers(campaignId, accounts);

            assertEquals(List.of("a", "b"), ids(users.accounts(campaignId, null, 2)));
            assertEquals(List.of("c", "d"), ids(users.accounts(campaignId, "b", 2)));
            assertEquals(List.of("e"), ids(users.accounts(campaignId, "d", 2)));
            assertEquals(List.of(), ids(users.accounts(campaignId, "e", 2)));
            assertThrows(IllegalArgumentException.class, () -> users.accounts(campaignId, null, 0));

            UserAccount named = new UserAccount(
                    new User("a", campaignId, Role.PLANNER, Set.of()),
                    TokenHash.of("token-of-a"),
                    false,
                    false,
                    "Ana Pujol");
            users.putUser(named);
            assertEquals(named, users.account("a").orElseThrow());
            assertEquals("Ana Pujol", users.accounts(campaignId, null, 1).get(0).name());
        }
    }

    private static List<String> ids(List<UserAccount> accounts) {
        return accounts.stream().map(a -> a.user().id()).toList();
    }

    @Test
    void badUsersAreReportedWithTheirPositionAndLeftOut() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                        """
                {"users": [
                  {"id": "ok", "role": "planner", "boundaries": ["b"], "tokenSha256": "%s"},
                  {"id": "x", "role": "boss", "boundaries": ["b"], "token": "0123456789abcdef"},
                  {"id": "y", "role": "field_worker", "boundaries": ["elsewhere"], "token": "0123456789abcdeg"},
                  {"id": "z", "role": "field_worker", "boundaries": ["b"], "token": "short"},
                  {"id": "two words", "role": "field_worker", "boundaries": ["b"], "token": "0123456789abcdeh"},
                  {"id": "n", "name": "two\\nlines", "role": "field_worker", "boundaries": ["b"], "token": "0123456789abcdei"},
                  {"id": "named", "name": "  Ana Pujol ", "role": "field_worker", "boundaries": ["b"], "token": "0123456789abcdej"}
                ]}"""
                                .formatted(TokenHash.of("whatever-token-123")));
        ValidationReport report = new ValidationReport();
        List<UserAccount> accounts = UsersReader.read(json, "c", Set.of("b"), report);
        assertEquals(
                List.of("ok", "named"),
                accounts.stream().map(a -> a.user().id()).toList());
        assertEquals("Ana Pujol", accounts.get(1).name(), "names are trimmed");
        assertEquals(
                List.of("bad-role", "unknown-boundary", "weak-token", "bad-id", "bad-name"),
                report.errors().stream().map(e -> e.code()).toList());
        assertTrue(report.errors().get(0).location().contains("user #2 (id=x)"));
    }
}
