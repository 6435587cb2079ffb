package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's whole sync conversation with the index, while planners and admins change the
 * campaign: nothing new costs a 304, an edit brings only the parts it changed, a reassignment drops
 * a pack, and changes that need no new pack queue no rebuild.
 */
class SyncConversationTest {
    @TempDir
    static Path dataDir;

    static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(dataDir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static DeviceSimulator device(String token) {
        return new DeviceSimulator(new Phone(service.application.baseUri().toString(), token));
    }

    @Test
    void aFieldWorkersDeviceSyncsGetsNothingNewAndFollowsPlannersChanges() throws Exception {
        DeviceSimulator phone = device(TestService.FIELD_WORKER);
        DeviceSimulator.Sync first = phone.sync();
        assertEquals(200, first.status());
        assertEquals(Set.of(TestService.ENCAMP), phone.boundariesHeld());
        assertEquals(
                List.of("boundary.geojson", "forms.json", "i18n/ca.json", "i18n/en.json", "i18n/fr.json", "sos.json"),
                first.downloadedParts().stream()
                        .map(p -> p.substring(p.indexOf(':') + 1))
                        .sorted()
                        .toList());
        assertEquals(304, phone.sync().status());

        // "anything new?" on the wire: request and answer
        RawHttp.Answer nothingNew = RawHttp.send(
                service.application.port(),
                "GET /v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestService.FIELD_WORKER
                        + "\r\nIf-None-Match: " + phone.indexTag());
        assertEquals(304, nothingNew.status());
        // Vary too once the index is big enough to be gzipped (a 304 repeats it, RFC 9110 15.4.5)
        assertEquals(
                Set.of("date", "etag", "connection", "vary"),
                nothingNew.headers().keySet());
        assertTrue(nothingNew.wireBytes() < 150, nothingNew.wireBytes() + " bytes");

        // a new version of a form: only forms.json (and the manifest) come down
        JsonNode change = putJson(
                "/v1/forms/household-registration",
                TestService.ADMIN,
                """
                {"id": "household-registration", "version": 4, "title": "form.household.title", "fields": [
                  {"id": "head_name", "type": "text", "label": "field.head_name", "required": true},
                  {"id": "members", "type": "integer", "label": "field.members", "required": true, "min": 1, "max": 80}
                ]}""",
                202);
        awaitRebuilds(change);
        DeviceSimulator.Sync afterForm = phone.sync();
        assertEquals(List.of(TestService.ENCAMP + ":forms.json"), afterForm.downloadedParts());
        assertEquals(List.of(TestService.ENCAMP), afterForm.fetchedManifests());
        HttpResponse<String> feed =
                service.send("GET", "/v1/forms?since=2026-11-01T00:00:00Z", TestService.FIELD_WORKER, null);
        assertTrue(feed.body().contains("\"version\":4"), feed.body());

        // the admin reassigns the worker: the device drops Encamp and gets Andorra la Vella
        putJson(
                "/v1/users/fw",
                TestService.ADMIN,
                "{\"role\": \"field_worker\", \"boundaries\": [\"" + TestService.ANDORRA_LA_VELLA + "\"]}",
                200);
        DeviceSimulator.Sync reassigned = phone.sync();
        assertEquals(List.of(TestService.ENCAMP), reassigned.dropped());
        assertEquals(Set.of(TestService.ANDORRA_LA_VELLA), phone.boundariesHeld());
        assertTrue(reassigned.downloadedParts().contains(TestService.ANDORRA_LA_VELLA + ":boundary.geojson"));
        assertTrue(
                reassigned.downloadedParts().stream().noneMatch(p -> p.contains("forms.json") || p.contains("i18n/")),
                "the forms and texts were held already (the same bytes): " + reassigned.downloadedParts());
        putJson(
                "/v1/users/fw",
                TestService.ADMIN,
                "{\"role\": \"field_worker\", \"boundaries\": [\"" + TestService.ENCAMP + "\"]}",
                200);
    }

    @Test
    void aSupervisorHoldsTheBoundariesBelowTheirsAndAnAdminTheWholeCampaign() throws Exception {
        DeviceSimulator supervisor = device(TestService.SUPERVISOR);
        supervisor.sync();
        assertEquals(Set.of(TestService.ORDINO), supervisor.boundariesHeld());
        DeviceSimulator admin = device(TestService.ADMIN);
        admin.sync();
        assertEquals(
                Set.of(TestService.ENCAMP, TestService.ANDORRA_LA_VELLA, TestService.ORDINO),
                admin.boundariesHeld(),
                "every boundary with a published pack");
        assertEquals(3, admin.index().at("/localizations").size());
        assertEquals("AD-", admin.index().at("/registrationIds/prefix").asText());
        assertEquals("/v1/dashboards", admin.index().at("/dashboards/href").asText());
    }

    @Test
    void aLocalizationChangeTheFormsDoNotShowQueuesNoRebuild() throws Exception {
        HttpResponse<String> en = service.send("GET", "/v1/i18n/en", TestService.FIELD_WORKER, null);
        assertEquals(200, en.statusCode());
        JsonNode messages = ApiJson.MAPPER.readTree(en.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) messages).put("app.unused.banner", "Welcome");
        JsonNode change = putJson("/v1/i18n/en", TestService.ADMIN, messages.toString(), 200);
        assertEquals(0, change.get("rebuilds").size(), change.toString());
        assertTrue(service.send("GET", "/v1/i18n/en", TestService.FIELD_WORKER, null)
                .body()
                .contains("Welcome"));
    }

    @Test
    void sosContactsRebuildOnlyThePacksWhoseContactsChange() throws Exception {
        JsonNode change = putJson(
                "/v1/sos",
                TestService.ADMIN,
                """
                {"contacts": [
                  {"id": "national", "name": "Emergencies", "role": "dispatch", "phone": "112"},
                  {"id": "ordino-clinic", "name": "Ordino clinic", "role": "clinic", "phone": "+376 000",
                   "boundaries": ["osm-relation-2804758"]}
                ]}""",
                202);
        awaitRebuilds(change);
        HttpResponse<String> sos = service.send("GET", "/v1/sos", TestService.SUPERVISOR, null);
        assertTrue(sos.body().contains("ordino-clinic"), sos.body());
        assertTrue(!service.send("GET", "/v1/sos", TestService.FIELD_WORKER, null)
                .body()
                .contains("ordino-clinic"));
    }

    @Test
    void changesAreValidatedLikeACampaignFolderAndAuthorisedByRoleAndArea() throws Exception {
        String stale = "{\"id\": \"bednet-distribution\", \"version\": 1, \"fields\": []}";
        assertEquals(
                "version-not-greater",
                issueCode(putJson("/v1/forms/bednet-distribution", TestService.ADMIN, stale, 422)));
        assertEquals(
                "bad-field-type",
                issueCode(putJson(
                        "/v1/forms/bednet-distribution",
                        TestService.ADMIN,
                        "{\"version\": 9, \"fields\": [{\"id\": \"x\", \"type\": \"photo-of-a-cat\"}]}",
                        422)));
        assertEquals("unknown-locale", issueCode(putJson("/v1/i18n/de", TestService.ADMIN, "{}", 422)));
        assertEquals(
                "unknown-boundary",
                issueCode(putJson(
                        "/v1/sos",
                        TestService.ADMIN,
                        "{\"contacts\": [{\"id\": \"a\", \"phone\": \"1\", \"boundaries\": [\"nowhere\"]}]}",
                        422)));
        assertEquals(
                403,
                service.send("PUT", "/v1/forms/bednet-distribution", TestService.FIELD_WORKER, stale)
                        .statusCode());
        assertEquals(
                403,
                service.send("PUT", "/v1/users/fw", TestService.PLANNER, "{}").statusCode());
        assertEquals(
                403,
                service.send("PUT", "/v1/boundaries/" + TestService.ORDINO + "/points", TestService.PLANNER, "{}")
                        .statusCode(),
                "the planner's area is Encamp and Andorra la Vella");
        assertEquals(
                "missing-token-hash",
                issueCode(putJson(
                        "/v1/users/newcomer",
                        TestService.ADMIN,
                        "{\"role\": \"field_worker\", \"boundaries\": []}",
                        422)));
        for (String badId : List.of("two%20words", "x".repeat(129), ".hidden")) {
            assertEquals(
                    "bad-id",
                    issueCode(putJson(
                            "/v1/users/" + badId,
                            TestService.ADMIN,
                            "{\"role\": \"field_worker\", \"boundaries\": [], \"tokenSha256\": \"" + "a".repeat(64)
                                    + "\"}",
                            422)),
                    badId);
        }
    }

    @Test
    void aDisabledUserIsRefused() throws Exception {
        putJson(
                "/v1/users/sup",
                TestService.ADMIN,
                "{\"role\": \"supervisor\", \"boundaries\": [\"" + TestService.ORDINO + "\"], \"disabled\": true}",
                200);
        assertEquals(
                401,
                service.send("GET", "/v1/sync", TestService.SUPERVISOR, null).statusCode());
        putJson(
                "/v1/users/sup",
                TestService.ADMIN,
                "{\"role\": \"supervisor\", \"boundaries\": [\"" + TestService.ORDINO + "\"]}",
                200);
        assertEquals(
                200,
                service.send("GET", "/v1/sync", TestService.SUPERVISOR, null).statusCode());
    }

    @Test
    void anAdminNamesAUserAndTheNameIsKeptUntilChanged() throws Exception {
        String body = "{\"role\": \"supervisor\", \"boundaries\": [\"" + TestService.ORDINO + "\"]";
        assertEquals(
                "Ana Pujol",
                putJson("/v1/users/sup", TestService.ADMIN, body + ", \"name\": \" Ana Pujol \"}", 200)
                        .get("name")
                        .asText());
        assertEquals(
                "Ana Pujol",
                putJson("/v1/users/sup", TestService.ADMIN, body + "}", 200)
                        .get("name")
                        .asText(),
                "a PUT without a name keeps it");
        HttpResponse<String> me = service.send("GET", "/v1/me", TestService.SUPERVISOR, null);
        assertEquals("Ana Pujol", ApiJson.MAPPER.readTree(me.body()).get("name").asText(), me.body());
        assertEquals(
                "bad-name",
                issueCode(putJson(
                        "/v1/users/sup", TestService.ADMIN, body + ", \"name\": \"" + "n".repeat(101) + "\"}", 422)));
        assertTrue(putJson("/v1/users/sup", TestService.ADMIN, body + ", \"name\": \"\"}", 200)
                .get("name")
                .isNull());
    }

    @Test
    void anAdminListsTheUsersAPageAtATime() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            HttpResponse<String> response = service.send(
                    "GET", "/v1/users?limit=2" + (after == null ? "" : "&after=" + after), TestService.ADMIN, null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = ApiJson.MAPPER.readTree(response.body());
            assertTrue(page.get("users").size() <= 2, response.body());
            page.get("users").forEach(user -> ids.add(user.get("id").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (after != null && pages < 100);

        assertTrue(ids.containsAll(List.of("fw", "sup")), ids.toString());
        assertEquals(new java.util.TreeSet<>(ids).stream().toList(), ids, "every user once, in id order");
        assertEquals((ids.size() + 1) / 2, pages);
        HttpResponse<String> whole = service.send("GET", "/v1/users", TestService.ADMIN, null);
        assertEquals(
                ids.size(), ApiJson.MAPPER.readTree(whole.body()).get("users").size());
        assertEquals(
                403, service.send("GET", "/v1/users", TestService.PLANNER, null).statusCode());
        assertEquals(
                400,
                service.send("GET", "/v1/users?limit=0", TestService.ADMIN, null)
                        .statusCode());
        assertEquals(
                400,
                service.send("GET", "/v1/users?limit=many", TestService.ADMIN, null)
                        .statusCode());
    }

    private static JsonNode putJson(String path, String token, String body, int status) throws Exception {
        HttpResponse<String> response = service.send("PUT", path, token, body);
        assertEquals(status, response.statusCode(), response.body());
        return ApiJson.MAPPER.readTree(response.body());
    }

    private static String issueCode(JsonNode error) {
        return error.at("/issues/0/code").asText();
    }

    private static void awaitRebuilds(JsonNode change) throws Exception {
        for (JsonNode job : change.get("rebuilds")) {
            assertEquals(
                    "SUCCEEDED",
                    service.awaitJob(job.get("id").asText(), TestService.ADMIN).get("state"));
        }
    }
}
