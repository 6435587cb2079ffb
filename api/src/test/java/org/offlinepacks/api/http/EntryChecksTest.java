package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP_WORKER;
import static org.offlinepacks.api.http.UploadTestData.NORTH_SUPERVISOR;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.ContentDigest;

/** Entries checked one by one: who created them, and every field type of the form format. */
class EntryChecksTest {
    @TempDir
    static Path dataDir;

    static ApiApplication application;

    @BeforeAll
    static void start() {
        UploadTestData.seed(dataDir);
        application = UploadTestData.start(dataDir);
    }

    @AfterAll
    static void stop() {
        application.close();
    }

    static JsonNode receipt(String token, List<ObjectNode> entries) throws Exception {
        byte[] file = ndjson(entries);
        HttpResponse<String> response = ContractClient.create()
                .send(
                        HttpRequest.newBuilder(application.baseUri().resolve("/v1/uploads"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Digest", ContentDigest.header(sha256(file)))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode receipt = ApiJson.MAPPER.readTree(response.body());
        if (receipt.has("entries")) {
            return receipt;
        }
        // a receipt with its entries in a file of its own
        HttpResponse<String> full = ContractClient.create()
                .send(
                        HttpRequest.newBuilder(application
                                        .baseUri()
                                        .resolve(receipt.at("/receipt/href").asText()))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, full.statusCode(), full.body());
        return ApiJson.MAPPER.readTree(full.body());
    }

    static ObjectNode entryBy(String createdBy) {
        return household(UUID.randomUUID().toString(), ENCAMP, createdBy, 4);
    }

    @Test
    void aFieldWorkerMayUploadOnlyTheirOwnEntriesAndASupervisorRelaysOthers() throws Exception {
        JsonNode worker = receipt(ENCAMP_WORKER, List.of(entryBy("fw-encamp"), entryBy("fw-ordino")));

        assertEquals("accepted", worker.at("/entries/0/result").asText(), worker.toString());
        assertEquals("rejected", worker.at("/entries/1/result").asText(), worker.toString());
        assertEquals("relay-not-allowed", worker.at("/entries/1/reason").asText());
        assertTrue(worker.at("/entries/1/message").asText().contains("fw-ordino"), worker.toString());

        JsonNode supervisor = receipt(NORTH_SUPERVISOR, List.of(entryBy("fw-encamp"), entryBy("sup-north")));
        assertEquals(2, supervisor.at("/counts/accepted").asInt(), supervisor.toString());
    }

    @Test
    void everyFieldTypeIsChecked() throws Exception {
        ObjectNode notAnOption = distribution("bogus");
        ObjectNode anOption = distribution("absent");
        ObjectNode gpsOutOfRange = entryBy("fw-encamp");
        ((ObjectNode) gpsOutOfRange.get("data"))
                .putObject("location")
                .put("lat", 142.5)
                .put("lon", 1.5);
        ObjectNode gpsNotAPosition = entryBy("fw-encamp");
        ((ObjectNode) gpsNotAPosition.get("data")).put("location", "42.5,1.5");
        ObjectNode tooFewMembers = household(UUID.randomUUID().toString(), ENCAMP, "fw-encamp", 0);
        ObjectNode textNotText = entryBy("fw-encamp");
        ((ObjectNode) textNotText.get("data")).put("head_name", 12);
        ObjectNode booleanNotBoolean = entryBy("fw-encamp");
        ((ObjectNode) booleanNotBoolean.get("data")).put("pregnant", "yes");

        JsonNode receipt = receipt(
                ENCAMP_WORKER,
                List.of(
                        notAnOption,
                        anOption,
                        gpsOutOfRange,
                        gpsNotAPosition,
                        tooFewMembers,
                        textNotText,
                        booleanNotBoolean));

        assertEquals(1, receipt.at("/counts/accepted").asInt(), receipt.toString());
        assertEquals("accepted", receipt.at("/entries/1/result").asText(), receipt.toString());
        for (int rejected : new int[] {0, 2, 3, 4, 5, 6}) {
            assertEquals(
                    "invalid-field-value",
                    receipt.at("/entries/" + rejected + "/reason").asText(),
                    "entry " + rejected + ": " + receipt);
        }
        assertTrue(
                receipt.at("/entries/0/message").asText().contains("[absent, has_nets, refused]"), receipt.toString());
        assertEquals(
                "field \"members\" must be at least 1, got 0",
                receipt.at("/entries/4/message").asText());
    }

    /** A bed-net distribution with a refusal reason, a select field. */
    private static ObjectNode distribution(String refusalReason) {
        ObjectNode entry = entryBy("fw-encamp");
        entry.put("formId", "bednet-distribution").put("formVersion", 2);
        ObjectNode data = entry.putObject("data");
        data.put("household_id", "h-1").put("nets_given", 0).put("refusal_reason", refusalReason);
        return entry;
    }
}
