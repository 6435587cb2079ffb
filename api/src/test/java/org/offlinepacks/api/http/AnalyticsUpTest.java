package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.offlinepacks.api.upload.UploadFixtures;

/** Analytics up over HTTP: a checksummed NDJSON file of device events, each stored once by its id; a summary for planners. */
class AnalyticsUpTest {
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

    private static JsonNode json(String body) throws Exception {
        return ApiJson.MAPPER.readTree(body);
    }

    private static HttpResponse<String> post(String path, String token, byte[] body) throws Exception {
        return service.client.send(
                service.request(path, token, "Content-Digest", ContentDigest.header(UploadFixtures.sha256(body)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void devicesSendAnalyticsOnceByEventIdAndPlannersGetASummary() throws Exception {
        String failed = UUID.randomUUID().toString();
        List<String> events = List.of(
                event(UUID.randomUUID().toString(), "sync-started", "2026-11-02T08:00:00Z", ""),
                event(
                        UUID.randomUUID().toString(),
                        "sync-finished",
                        "2026-11-02T08:01:00Z",
                        ", \"bytes\": 120000, \"durationMs\": 60000"),
                event(failed, "sync-failed", "2026-11-02T09:00:00Z", ", \"message\": \"timeout\""),
                event(
                        UUID.randomUUID().toString(),
                        "storage",
                        "2026-11-02T09:05:00Z",
                        ", \"freeStorageBytes\": 900000000"),
                "{\"eventId\": \"not-a-uuid\"}");
        byte[] file = UploadFixtures.ndjson(events);
        HttpResponse<String> sent = post("/v1/analytics", TestService.FIELD_WORKER, file);
        assertEquals(200, sent.statusCode(), sent.body());
        JsonNode receipt = json(sent.body());
        assertEquals(4, receipt.at("/counts/accepted").asInt(), receipt.toString());
        assertEquals(1, receipt.at("/counts/rejected").asInt());
        assertEquals(5, receipt.at("/rejections/0/line").asInt());

        // the same event again in another file is stored once
        byte[] second = UploadFixtures.ndjson(
                List.of(event(failed, "sync-failed", "2026-11-02T09:00:00Z", ", \"message\": \"timeout\"")));
        JsonNode duplicate =
                json(post("/v1/analytics", TestService.FIELD_WORKER, second).body());
        assertEquals(1, duplicate.at("/counts/duplicate").asInt(), duplicate.toString());

        JsonNode summary = json(service.send("GET", "/v1/analytics/summary", TestService.PLANNER, null)
                .body());
        JsonNode encamp = null;
        for (JsonNode boundary : summary.get("boundaries")) {
            if (boundary.get("boundaryId").asText().equals(TestService.ENCAMP)) {
                encamp = boundary;
            }
        }
        assertEquals(1, encamp.get("devices").asInt(), summary.toString());
        assertEquals(1, encamp.at("/appVersions/1.4.2").asInt());
        assertEquals(1, encamp.at("/syncs/failed").asLong());
        assertEquals(120000, encamp.at("/syncs/bytes").asLong());
        assertEquals("timeout", encamp.at("/syncs/lastFailure/message").asText());
        assertEquals(900000000L, encamp.at("/deviceList/0/freeStorageBytes").asLong());
        assertEquals(
                403,
                service.send("GET", "/v1/analytics/summary", TestService.FIELD_WORKER, null)
                        .statusCode());
    }

    @Test
    void aFileSentResumablyIsRegisteredAsEntryFilesAre() throws Exception {
        byte[] file = UploadFixtures.gzip(UploadFixtures.ndjson(List.of(
                event(UUID.randomUUID().toString(), "app-started", "2026-11-03T07:00:00Z", ""),
                event(UUID.randomUUID().toString(), "error", "2026-11-03T07:01:00Z", ", \"message\": \"disk full\""))));
        Path events = dataDir.resolve("events-" + UUID.randomUUID() + ".ndjson.gz");
        java.nio.file.Files.write(events, file);
        String url = new Phone(service.application.baseUri().toString(), TestService.FIELD_WORKER).tusUpload(events);
        String registration = "{\"fileId\": \"" + url.substring(url.lastIndexOf('/') + 1) + "\", \"sha256\": \""
                + UploadFixtures.sha256(file) + "\"}";
        HttpResponse<String> registered =
                service.send("POST", "/v1/analytics/registrations", TestService.FIELD_WORKER, registration);
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals(2, json(registered.body()).at("/counts/accepted").asInt(), registered.body());
        // registered again (the answer was lost): the same answer
        HttpResponse<String> again =
                service.send("POST", "/v1/analytics/registrations", TestService.FIELD_WORKER, registration);
        assertEquals(registered.body(), again.body());
    }

    private static String event(String id, String type, String at, String more) {
        return "{\"eventId\": \"" + id + "\", \"deviceId\": \"phone-1\", \"type\": \"" + type + "\", \"at\": \"" + at
                + "\", \"appVersion\": \"1.4.2\", \"boundaryId\": \"" + TestService.ENCAMP + "\"" + more + "}";
    }
}
