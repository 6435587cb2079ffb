package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP_WORKER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.storage.TestObjectStores;

/**
 * The storage-bucket upload of the design: a device asks for an upload target, sends the file
 * there (straight into the bucket with object storage; the service's own tus upload on the data
 * folder), then registers it with its sha256; the service reads it back, checks it and ingests it.
 */
@ParameterizedClass
@EnumSource(TestObjectStores.Kind.class)
class UploadTargetsTest {
    @TempDir
    static Path dir;

    static ApiApplication application;
    static TestLeases leases;
    static final HttpClient CLIENT = ContractClient.create();

    @Parameter
    TestObjectStores.Kind storage;

    @BeforeParameterizedClassInvocation
    static void start(TestObjectStores.Kind storage) {
        Path dataDir = dir.resolve(storage.name());
        UploadTestData.seed(dataDir);
        application = ApiApplication.start(
                ServerConfig.defaults(dataDir)
                        .withPort(0)
                        .withStorage(
                                storage == TestObjectStores.Kind.S3
                                        ? TestObjectStores.newBucket()
                                        : StorageConfig.DATA_FOLDER),
                TestService.smallBuilder(dataDir, leases = TestLeases.inDataFolder(dataDir)),
                List.of());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        application.close();
        leases.close();
    }

    @Test
    void aDeviceSendsAFileWhereItsTargetSaysThenRegistersIt() throws Exception {
        byte[] file =
                UploadFixtures.ndjson(List.of(UploadFixtures.household(ENCAMP), UploadFixtures.household(ENCAMP)));
        JsonNode target = target(file.length);
        String fileId = target.path("fileId").asText();
        if (storage == TestObjectStores.Kind.S3) {
            assertEquals("PUT", target.path("method").asText(), target.toString());
            assertEquals("" + file.length, target.at("/headers/Content-Length").asText());
            assertEquals(200, put(URI.create(target.path("url").asText()), file, 0, file.length));
        } else {
            assertEquals("tus", target.path("method").asText(), target.toString());
            assertEquals("/v1/files/" + fileId, target.path("url").asText());
            assertEquals(204, tusPatch(target.path("url").asText(), file));
        }
        assertTrue(target.path("expiresAt").asText().endsWith("Z"), target.toString());

        HttpResponse<String> registered = register(fileId, UploadFixtures.sha256(file));
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals(
                2,
                ApiJson.MAPPER
                        .readTree(registered.body())
                        .at("/counts/accepted")
                        .asInt());
        assertEquals(200, register(fileId, UploadFixtures.sha256(file)).statusCode(), "the same receipt again");
    }

    @Test
    void aLargeFileGoesStraightToTheBucketInPartsAndIsTakenInWhenEveryPartArrived() throws Exception {
        Assumptions.assumeTrue(storage == TestObjectStores.Kind.S3, "parts are for object storage");
        List<ObjectNode> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode entry = UploadFixtures.household(UUID.randomUUID().toString(), ENCAMP, "fw-encamp", 3);
            ((ObjectNode) entry.get("data")).put("notes", "n".repeat(30_000));
            entries.add(entry);
        }
        byte[] file = UploadFixtures.ndjson(entries);
        JsonNode target = target(file.length);
        assertEquals("multipart", target.path("method").asText(), target.toString());
        int partSize = target.path("partSize").asInt();
        assertEquals(2, target.path("partUrls").size(), target.toString());
        String fileId = target.path("fileId").asText();
        assertEquals(200, put(URI.create(target.at("/partUrls/0").asText()), file, 0, partSize));

        HttpResponse<String> early = register(fileId, UploadFixtures.sha256(file));
        assertEquals(409, early.statusCode(), early.body());
        assertTrue(early.body().contains("part 2 of 2"), early.body());

        assertEquals(200, put(URI.create(target.at("/partUrls/1").asText()), file, partSize, file.length));
        HttpResponse<String> registered = register(fileId, UploadFixtures.sha256(file));
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals(
                200,
                ApiJson.MAPPER
                        .readTree(registered.body())
                        .at("/counts/accepted")
                        .asInt());
    }

    @Test
    void aFileThatIsNotWhatWasAnnouncedIsRefusedAndNothingIsStored() throws Exception {
        HttpResponse<String> tooLarge = post("/v1/uploads/targets", "{\"length\": 40000000}");
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals(
                "file-too-large",
                ApiJson.MAPPER.readTree(tooLarge.body()).path("error").asText());
        assertEquals(400, post("/v1/uploads/targets", "{\"size\": 10}").statusCode());

        byte[] file = UploadFixtures.ndjson(List.of(UploadFixtures.household(ENCAMP)));
        JsonNode target = target(file.length);
        if (storage == TestObjectStores.Kind.S3) {
            put(URI.create(target.path("url").asText()), file, 0, file.length);
        } else {
            tusPatch(target.path("url").asText(), file);
        }
        HttpResponse<String> wrong = register(target.path("fileId").asText(), "0".repeat(64));
        assertEquals(422, wrong.statusCode(), wrong.body());
        assertEquals(
                "checksum-mismatch",
                ApiJson.MAPPER.readTree(wrong.body()).path("error").asText());
        HttpResponse<String> gone = register(target.path("fileId").asText(), UploadFixtures.sha256(file));
        assertEquals(404, gone.statusCode(), "a refused file is removed: " + gone.body());
    }

    private static JsonNode target(long length) throws Exception {
        HttpResponse<String> response = post("/v1/uploads/targets", "{\"length\": " + length + "}");
        assertEquals(201, response.statusCode(), response.body());
        return ApiJson.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> register(String fileId, String sha256) throws Exception {
        return post("/v1/uploads/registrations", "{\"fileId\":\"" + fileId + "\",\"sha256\":\"" + sha256 + "\"}");
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(application.baseUri().resolve(path))
                        .header("Authorization", "Bearer " + ENCAMP_WORKER)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT straight to the bucket: no service token, the URL is the permission. */
    private static int put(URI url, byte[] file, int from, int to) throws Exception {
        return CLIENT.send(
                        HttpRequest.newBuilder(url)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(file, from, to - from))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static int tusPatch(String path, byte[] file) throws Exception {
        return CLIENT.send(
                        HttpRequest.newBuilder(application.baseUri().resolve(path))
                                .header("Authorization", "Bearer " + ENCAMP_WORKER)
                                .header("Tus-Resumable", "1.0.0")
                                .header("Upload-Offset", "0")
                                .header("Content-Type", "application/offset+octet-stream")
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(file))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
