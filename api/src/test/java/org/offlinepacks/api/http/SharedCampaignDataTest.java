package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.DatabaseConfig;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqlUserStore;

/**
 * Campaign data on two API nodes sharing one PostgreSQL database and one S3 bucket: a batch asked
 * for again through the other node is the same batch, an entry uploaded through one node counts in
 * the other's dashboards, a photo uploaded through one node completes the entry on the other and
 * is downloaded from it, analytics sent to one are summarised by the other.
 */
class SharedCampaignDataTest {
    static final String ENCAMP = PackFixtures.ENCAMP;
    static final String WORKER = "token-data-fw-encamp";
    static final String PLANNER = "token-data-planner";

    @TempDir
    static Path dir;

    static Databases databases;
    static ApiApplication nodeA;
    static ApiApplication nodeB;
    static final HttpClient CLIENT = ContractClient.create();

    @BeforeAll
    static void start() {
        DatabaseConfig database = new DatabaseConfig(TestDatabases.newPostgresDatabase(), "postgres", "postgres");
        StorageConfig storage = TestObjectStores.newBucket();
        databases = Databases.open(dir.resolve("seed"), database);
        SqlCampaignStore.open(databases.campaign()).save(PackFixtures.sampleCampaign());
        SqlUserStore.open(databases.campaign())
                .replaceUsers(
                        SampleStore.CAMPAIGN_ID,
                        List.of(
                                SampleStore.account("fw", Role.FIELD_WORKER, Set.of(ENCAMP), WORKER),
                                SampleStore.account("planner", Role.PLANNER, Set.of(ENCAMP), PLANNER)));
        nodeA = node("a", database, storage);
        nodeB = node("b", database, storage);
    }

    private static ApiApplication node(String name, DatabaseConfig database, StorageConfig storage) {
        return ApiApplication.start(
                ServerConfig.defaults(dir.resolve("node-" + name))
                        .withPort(0)
                        .withDatabase(database)
                        .withStorage(storage),
                List.of());
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        databases.close();
    }

    private static HttpResponse<String> send(ApiApplication node, String method, String path, String token, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.baseUri().resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && method.equals("POST") && (path.equals("/v1/uploads") || path.equals("/v1/analytics"))) {
            request.header("Content-Digest", ContentDigest.header(UploadFixtures.sha256(body)));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return ApiJson.MAPPER.readTree(response.body());
    }

    private static long encampHouseholds(ApiApplication node) throws Exception {
        for (JsonNode boundary :
                json(send(node, "GET", "/v1/dashboards", WORKER, null)).get("boundaries")) {
            if (boundary.get("boundaryId").asText().equals(ENCAMP)) {
                return boundary.at("/totals/households-registered").asLong();
            }
        }
        throw new AssertionError("no Encamp in the dashboards");
    }

    @Test
    void campaignDataIsTheSameWhicheverNodeADeviceTalksTo() throws Exception {
        // the answer to a batch request is lost on A; asked again on B it is the same batch
        byte[] request = ("{\"requestId\": \"" + UUID.randomUUID() + "\"}").getBytes();
        JsonNode batch = json(send(nodeA, "POST", "/v1/registration-ids/batches", WORKER, request));
        assertEquals(
                batch.get("ids"),
                json(send(nodeB, "POST", "/v1/registration-ids/batches", WORKER, request))
                        .get("ids"));

        byte[] photo = new byte[20_000];
        new Random(11).nextBytes(photo);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, photo, 0, 8);
        ObjectNode entry = UploadFixtures.household(UUID.randomUUID().toString(), ENCAMP, "fw", 5);
        ((ObjectNode) entry.get("data"))
                .put("registration_id", batch.at("/ids/0").asText());
        ((ObjectNode) entry.get("data")).put("photo", "house.png");
        entry.putArray("attachments")
                .addObject()
                .put("name", "house.png")
                .put("mediaType", "image/png")
                .put("size", photo.length)
                .put("sha256", UploadFixtures.sha256(photo));
        long before = encampHouseholds(nodeB);
        JsonNode summary = json(send(nodeA, "POST", "/v1/uploads", WORKER, UploadFixtures.ndjson(List.of(entry))));
        assertEquals(1, summary.at("/counts/accepted").asInt(), summary.toString());
        assertEquals(before + 1, encampHouseholds(nodeB));

        // the photo goes up through A (its bytes in the bucket) and is registered through B
        Path file = dir.resolve("house.png");
        Files.write(file, photo);
        String url = new Phone(nodeA.baseUri().toString(), WORKER).tusUpload(file);
        String fileId =
                URI.create(url).getPath().substring(URI.create(url).getPath().lastIndexOf('/') + 1);
        JsonNode registered = json(send(
                nodeB,
                "POST",
                "/v1/attachments/registrations",
                WORKER,
                ("{\"fileId\": \"" + fileId + "\", \"sha256\": \"" + UploadFixtures.sha256(photo) + "\"}").getBytes()));
        assertEquals(0, registered.at("/entries/0/missing").size(), registered.toString());
        assertTrue(json(send(nodeA, "GET", summary.get("attachments").asText(), WORKER, null))
                .get("complete")
                .asBoolean());
        HttpResponse<byte[]> download = CLIENT.send(
                HttpRequest.newBuilder(nodeA.baseUri()
                                .resolve("/v1/entries/"
                                        + entry.get("clientReferenceId").asText() + "/attachments/house.png"))
                        .header("Authorization", "Bearer " + PLANNER)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(photo, download.body());

        // analytics sent to B are summarised by A; used IDs are counted on both
        String event = "{\"eventId\": \"" + UUID.randomUUID() + "\", \"deviceId\": \"tablet-9\", \"type\":"
                + " \"sync-finished\", \"at\": \"2026-11-04T10:00:00Z\", \"appVersion\": \"2.0.0\", \"boundaryId\": \""
                + ENCAMP + "\", \"bytes\": 5000, \"durationMs\": 3000}";
        JsonNode analytics = json(send(nodeB, "POST", "/v1/analytics", WORKER, UploadFixtures.ndjson(List.of(event))));
        assertEquals(1, analytics.at("/counts/accepted").asInt(), analytics.toString());
        JsonNode report = json(send(nodeA, "GET", "/v1/analytics/summary", PLANNER, null));
        assertEquals(1, report.at("/boundaries/0/appVersions/2.0.0").asInt(), report.toString());
        JsonNode users = json(send(nodeB, "GET", "/v1/registration-ids/users", PLANNER, null));
        for (JsonNode user : users.get("users")) {
            assertEquals(
                    user.get("userId").asText().equals("fw") ? 1 : 0,
                    user.get("used").asInt(),
                    users.toString());
        }
    }
}
