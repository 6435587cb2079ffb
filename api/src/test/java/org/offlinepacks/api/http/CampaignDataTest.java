package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.UploadFixtures;

/**
 * Campaign data both ways over HTTP, as a device and a planner see it: a batch of registration IDs
 * at sync, a registration with a dispatched ID accepted and a forged or reused one rejected with its
 * reason, the dashboards in the next sync index reflecting the upload, an entry whose photo is
 * missing reported until the photo is sent (resumably, with tus), and
 * the attachment limits.
 */
class CampaignDataTest {
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

    private static Phone phone(String token) {
        return new Phone(service.application.baseUri().toString(), token);
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

    private static JsonNode upload(List<ObjectNode> entries) throws Exception {
        HttpResponse<String> answer = post("/v1/uploads", TestService.FIELD_WORKER, UploadFixtures.ndjson(entries));
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body());
    }

    private static JsonNode receiptEntries(JsonNode summary) throws Exception {
        HttpResponse<String> receipt =
                service.send("GET", summary.at("/receipt/href").asText(), TestService.FIELD_WORKER, null);
        assertEquals(200, receipt.statusCode(), receipt.body());
        return json(receipt.body()).get("entries");
    }

    private static ObjectNode household(String registrationId) {
        ObjectNode entry = UploadFixtures.household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 4);
        if (registrationId != null) {
            ((ObjectNode) entry.get("data")).put("registration_id", registrationId);
        }
        return entry;
    }

    private static long encampHouseholds(JsonNode dashboards) {
        for (JsonNode boundary : dashboards.get("boundaries")) {
            if (boundary.get("boundaryId").asText().equals(TestService.ENCAMP)) {
                return boundary.at("/totals/households-registered").asLong();
            }
        }
        throw new AssertionError("no Encamp in " + dashboards);
    }

    @Test
    void aDeviceGetsIdsRegistersWithOneAndSeesItsDashboardsChange() throws Exception {
        DeviceSimulator device = new DeviceSimulator(phone(TestService.FIELD_WORKER));
        device.sync();
        JsonNode ids = device.index().get("registrationIds");
        assertEquals("AD-", ids.get("prefix").asText());
        assertEquals(10, ids.get("refillBelow").asInt());
        assertTrue(ids.get("left").asLong() < ids.get("refillBelow").asLong(), "the device holds too few: " + ids);
        String dashboardsSha = device.index().at("/dashboards/sha256").asText();

        // the device asks for a batch; the answer is lost twice and it asks again with the same request id
        device.loseBatchAnswers(2);
        DeviceSimulator.CampaignDataSync data = device.syncCampaignData();
        assertEquals(new DeviceSimulator.CampaignDataSync(50, 3, true), data);
        List<String> mine = device.registrationIdsHeld();
        assertEquals(50, mine.stream().distinct().count());
        long householdsBefore = encampHouseholds(device.dashboards());

        // the planner's batch is theirs alone
        HttpResponse<String> plannerBatch =
                service.send("POST", "/v1/registration-ids/batches", TestService.PLANNER, "{\"requestId\": \"p-1\"}");
        String notMine = json(plannerBatch.body()).at("/ids/0").asText();
        assertFalse(mine.contains(notMine));

        String id = device.takeRegistrationId();
        ObjectNode registered = household(id);
        ObjectNode reused = household(id);
        ObjectNode forged = household(notMine);
        JsonNode summary = upload(List.of(registered, reused, forged));
        JsonNode entries = receiptEntries(summary);
        assertEquals("accepted", entries.at("/0/result").asText(), entries.toString());
        assertEquals("rejected", entries.at("/1/result").asText());
        assertEquals("registration-id-used", entries.at("/1/reason").asText());
        assertEquals("rejected", entries.at("/2/result").asText());
        assertEquals("registration-id-not-dispatched", entries.at("/2/reason").asText());
        assertTrue(entries.at("/2/message").asText().contains(notMine), entries.toString());

        // the next sync index names new dashboards, and they count the registration
        device.sync();
        assertNotEquals(dashboardsSha, device.index().at("/dashboards/sha256").asText());
        assertEquals(1, device.index().at("/registrationIds/used").asLong());
        assertEquals(49, device.index().at("/registrationIds/left").asLong());
        assertEquals(
                new DeviceSimulator.CampaignDataSync(0, 0, true),
                device.syncCampaignData(),
                "49 IDs held is more than refillBelow: no batch; the dashboards changed");
        assertEquals(householdsBefore + 1, encampHouseholds(device.dashboards()));
        HttpResponse<byte[]> dashboards = phone(TestService.FIELD_WORKER).get("/v1/dashboards");
        String etag = dashboards.headers().firstValue("ETag").orElseThrow();
        assertEquals(
                304,
                phone(TestService.FIELD_WORKER)
                        .get("/v1/dashboards", "If-None-Match", etag)
                        .statusCode());

        // planners see per user what was dispatched, used and is left
        JsonNode users = json(service.send("GET", "/v1/registration-ids/users", TestService.PLANNER, null)
                .body());
        JsonNode fw = null;
        for (JsonNode user : users.get("users")) {
            if (user.get("userId").asText().equals("fw")) {
                fw = user;
            }
        }
        assertEquals(50, fw.get("dispatched").asLong(), users.toString());
        assertEquals(1, fw.get("used").asLong());
        assertEquals(49, fw.get("left").asLong());
    }

    @Test
    void anEntryWithAMissingPhotoIsReportedUntilThePhotoIsSent() throws Exception {
        byte[] photo = jpeg(new Random(7), 30_000);
        String photoSha = UploadFixtures.sha256(photo);
        ObjectNode entry = household(null);
        ((ObjectNode) entry.get("data")).put("photo", "door.jpg");
        entry.putArray("attachments")
                .addObject()
                .put("name", "door.jpg")
                .put("mediaType", "image/jpeg")
                .put("size", photo.length)
                .put("sha256", photoSha);
        JsonNode summary = upload(List.of(entry));
        assertEquals(1, summary.get("missingAttachments").asInt(), summary.toString());
        JsonNode entries = receiptEntries(summary);
        assertEquals("accepted", entries.at("/0/result").asText(), entries.toString());
        assertEquals("door.jpg", entries.at("/0/missingAttachments/0").asText());
        String statusHref = summary.get("attachments").asText();
        JsonNode status = json(
                service.send("GET", statusHref, TestService.FIELD_WORKER, null).body());
        assertFalse(status.get("complete").asBoolean(), status.toString());
        assertEquals(photoSha, status.at("/entries/0/missing/0/sha256").asText());
        assertEquals(
                404,
                service.send("GET", "/v1/attachments/" + photoSha, TestService.FIELD_WORKER, null)
                        .statusCode());

        // the photo goes up resumably, as entry files do, and is registered by its sha256
        Path file = dataDir.resolve("door.jpg");
        Files.write(file, photo);
        String fileUrl = phone(TestService.FIELD_WORKER).tusUpload(file);
        String fileId = fileUrl.substring(fileUrl.lastIndexOf('/') + 1);
        HttpResponse<String> registered = service.send(
                "POST",
                "/v1/attachments/registrations",
                TestService.FIELD_WORKER,
                "{\"fileId\": \"" + fileId + "\", \"sha256\": \"" + photoSha + "\"}");
        assertEquals(200, registered.statusCode(), registered.body());
        JsonNode registration = json(registered.body());
        assertFalse(registration.get("alreadyStored").asBoolean());
        assertEquals(0, registration.at("/entries/0/missing").size(), registration.toString());

        JsonNode complete = json(
                service.send("GET", statusHref, TestService.FIELD_WORKER, null).body());
        assertTrue(complete.get("complete").asBoolean(), complete.toString());
        assertEquals(
                200,
                service.send("GET", "/v1/attachments/" + photoSha, TestService.FIELD_WORKER, null)
                        .statusCode());

        // sent again (the answer was lost): nothing is stored twice
        String secondUrl = phone(TestService.FIELD_WORKER).tusUpload(file);
        HttpResponse<String> secondTime = service.send(
                "POST",
                "/v1/attachments/registrations",
                TestService.FIELD_WORKER,
                "{\"fileId\": \"" + secondUrl.substring(secondUrl.lastIndexOf('/') + 1) + "\", \"sha256\": \""
                        + photoSha + "\"}");
        assertEquals(200, secondTime.statusCode(), secondTime.body());
        assertTrue(json(secondTime.body()).get("alreadyStored").asBoolean());

        // a supervisor of another parish cannot attach files to Encamp's entries
        HttpResponse<String> notTheirs = service.send(
                "POST",
                "/v1/attachments/registrations",
                TestService.SUPERVISOR,
                "{\"fileId\": \"" + fileId + "\", \"sha256\": \"" + photoSha + "\"}");
        assertEquals(409, notTheirs.statusCode(), notTheirs.body());
        assertEquals(
                "attachment-not-expected", json(notTheirs.body()).get("error").asText());

        // a planner of Encamp downloads it
        String entryId = entry.get("clientReferenceId").asText();
        JsonNode listed = json(service.send("GET", "/v1/entries/" + entryId + "/attachments", TestService.PLANNER, null)
                .body());
        assertTrue(listed.at("/attachments/0/stored").asBoolean(), listed.toString());
        HttpResponse<byte[]> download =
                service.get(listed.at("/attachments/0/href").asText(), TestService.PLANNER);
        assertEquals(200, download.statusCode());
        assertArrayEquals(photo, download.body());
        assertEquals("image/jpeg", download.headers().firstValue("Content-Type").orElseThrow());
        // a field worker does not download others' attachments
        assertEquals(
                403,
                service.get(listed.at("/attachments/0/href").asText(), TestService.FIELD_WORKER)
                        .statusCode());
    }

    @Test
    void attachmentsOutsideTheCampaignsLimitsAreRejectedWithTheirReason() throws Exception {
        ObjectNode tooLarge = household(null);
        tooLarge.putArray("attachments")
                .addObject()
                .put("name", "big.jpg")
                .put("mediaType", "image/jpeg")
                .put("size", 6 << 20)
                .put("sha256", "a".repeat(64));
        ObjectNode wrongType = household(null);
        wrongType
                .putArray("attachments")
                .addObject()
                .put("name", "notes.pdf")
                .put("mediaType", "application/pdf")
                .put("size", 100)
                .put("sha256", "b".repeat(64));
        ObjectNode tooMany = household(null);
        var list = tooMany.putArray("attachments");
        for (int i = 0; i < 4; i++) {
            list.addObject()
                    .put("name", "p" + i + ".jpg")
                    .put("mediaType", "image/jpeg")
                    .put("size", 100)
                    .put("sha256", String.valueOf(i).repeat(64));
        }
        ObjectNode unlistedPhoto = household(null);
        ((ObjectNode) unlistedPhoto.get("data")).put("photo", "nowhere.jpg");
        JsonNode entries = receiptEntries(upload(List.of(tooLarge, wrongType, tooMany, unlistedPhoto)));
        assertEquals("attachment-too-large", entries.at("/0/reason").asText(), entries.toString());
        assertEquals("attachment-type-not-allowed", entries.at("/1/reason").asText());
        assertEquals("too-many-attachments", entries.at("/2/reason").asText());
        assertTrue(entries.at("/2/message").asText().contains("at most 3"), entries.toString());
        assertEquals("invalid-field-value", entries.at("/3/reason").asText());
        assertTrue(entries.at("/3/message").asText().contains("photo"), entries.toString());

        // a file that is not what the entry says it is (a PNG said to be a JPEG) is refused
        byte[] png = new byte[2000];
        new Random(3).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, png, 0, 8);
        ObjectNode lying = household(null);
        lying.putArray("attachments")
                .addObject()
                .put("name", "x.jpg")
                .put("mediaType", "image/jpeg")
                .put("size", png.length)
                .put("sha256", UploadFixtures.sha256(png));
        upload(List.of(lying));
        Path file = dataDir.resolve("x.png");
        Files.write(file, png);
        String url = phone(TestService.FIELD_WORKER).tusUpload(file);
        HttpResponse<String> refused = service.send(
                "POST",
                "/v1/attachments/registrations",
                TestService.FIELD_WORKER,
                "{\"fileId\": \"" + url.substring(url.lastIndexOf('/') + 1) + "\", \"sha256\": \""
                        + UploadFixtures.sha256(png) + "\"}");
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals("attachment-mismatch", json(refused.body()).get("error").asText(), refused.body());
    }

    /** Bytes that start as a JPEG does. */
    private static byte[] jpeg(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        return bytes;
    }
}
