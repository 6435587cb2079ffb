package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.boundarydata.users.Role;

/** Entry versions kept aside as conflicts, listed for the reviewers of their area. */
class ConflictsReviewTest {
    private static final String ENCAMP_WORKER = "token-fw-encamp";
    private static final String ORDINO_WORKER = "token-fw-ordino";
    private static final String NORTH_SUPERVISOR = "token-sup-north";
    private static final String ORDINO_SUPERVISOR = "token-sup-ordino";

    @TempDir
    Path dataDir;

    private final HttpClient client = ContractClient.create();

    @Test
    void reviewersSeeTheConflictsOfTheirAreaWithBothVersions() throws Exception {
        SampleStore.seed(
                dataDir,
                List.of(
                        SampleStore.account(
                                "fw-encamp", Role.FIELD_WORKER, Set.of(UploadTestData.ENCAMP), ENCAMP_WORKER),
                        SampleStore.account(
                                "fw-ordino", Role.FIELD_WORKER, Set.of(UploadTestData.ORDINO), ORDINO_WORKER),
                        SampleStore.account(
                                "sup-north",
                                Role.SUPERVISOR,
                                Set.of(UploadTestData.ENCAMP, UploadTestData.ORDINO),
                                NORTH_SUPERVISOR),
                        SampleStore.account(
                                "sup-ordino", Role.SUPERVISOR, Set.of(UploadTestData.ORDINO), ORDINO_SUPERVISOR)));
        try (ApiApplication application = UploadTestData.start(dataDir)) {
            String id = UUID.randomUUID().toString();
            ObjectNode first = household(id, UploadTestData.ENCAMP, "fw-encamp", 4);
            ObjectNode second = household(id, UploadTestData.ENCAMP, "fw-encamp", 6);
            assertEquals(
                    200,
                    upload(application, ENCAMP_WORKER, ndjson(List.of(first))).statusCode());
            HttpResponse<String> again = upload(application, ENCAMP_WORKER, ndjson(List.of(second)));
            assertEquals(
                    1,
                    ApiJson.MAPPER.readTree(again.body()).at("/counts/conflict").asInt(),
                    again.body());

            JsonNode north = get(application, NORTH_SUPERVISOR, 200).get("conflicts");
            assertEquals(1, north.size(), north.toString());
            JsonNode conflict = north.get(0);
            assertEquals(id, conflict.get("clientReferenceId").asText());
            assertEquals(UploadTestData.ENCAMP, conflict.get("boundaryId").asText());
            assertEquals("fw-encamp", conflict.get("uploadedBy").asText());
            assertEquals(
                    4,
                    ApiJson.MAPPER
                            .readTree(conflict.get("keptJson").asText())
                            .at("/data/members")
                            .asInt());
            assertEquals(
                    6,
                    ApiJson.MAPPER
                            .readTree(conflict.get("conflictJson").asText())
                            .at("/data/members")
                            .asInt());

            assertEquals(
                    0, get(application, ORDINO_SUPERVISOR, 200).get("conflicts").size(), "not their area");
            JsonNode refused = get(application, ENCAMP_WORKER, 403);
            assertTrue(refused.get("message").asText().contains("supervisors"), refused.toString());
        }
    }

    private HttpResponse<String> upload(ApiApplication application, String token, byte[] file) throws Exception {
        return client.send(
                HttpRequest.newBuilder(application.baseUri().resolve("/v1/uploads"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Digest", ContentDigest.header(sha256(file)))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(ApiApplication application, String token, int status) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(application.baseUri().resolve("/v1/conflicts"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        return ApiJson.MAPPER.readTree(response.body());
    }
}
