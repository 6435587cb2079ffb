package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStores;
import org.offlinepacks.boundarydata.storage.StorageConfig;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.DatabaseConfig;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.SqlCampaignStore;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.SqlUserStore;

/**
 * Two API nodes, each with its own data folder, on one PostgreSQL database and one bucket of
 * S3-compatible storage: what one node publishes or receives, the other serves, and a device may
 * resume a download or an upload on either.
 */
class SharedStorageTest {
    static final String ENCAMP = PackFixtures.ENCAMP;
    static final String WORKER = "token-shared-fw-encamp";
    static final String PLANNER = "token-shared-planner";

    @TempDir
    static Path dir;

    static Databases databases;
    static ObjectStore objects;
    static ApiApplication nodeA;
    static ApiApplication nodeB;
    static PackManifest published;

    @BeforeAll
    static void start() throws Exception {
        DatabaseConfig database = new DatabaseConfig(TestDatabases.newPostgresDatabase(), "postgres", "postgres");
        StorageConfig storage = TestObjectStores.newBucket();
        Campaign campaign = PackFixtures.sampleCampaign();
        databases = Databases.open(dir.resolve("builder"), database);
        SqlCampaignStore.open(databases.campaign()).save(campaign);
        SqlUserStore.open(databases.campaign())
                .replaceUsers(
                        SampleStore.CAMPAIGN_ID,
                        List.of(
                                SampleStore.account("fw", Role.FIELD_WORKER, Set.of(ENCAMP), WORKER),
                                SampleStore.account("planner", Role.PLANNER, Set.of(ENCAMP), PLANNER)));
        objects = ObjectStores.open(storage, dir.resolve("builder"));
        var builder = TestService.smallBuilder(
                new PackRepository(dir.resolve("builder"), objects, databases.packs()),
                BoundaryLeases.open(databases.campaign(), LeaseTerms.DEFAULTS, "test"));
        var pack = builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        published = PartJson.read(builder.repository().file(pack, PackManifest.FILE_NAME), PackManifest.class);
        nodeA = node("a", database, storage, builder);
        nodeB = node("b", database, storage, null);
    }

    private static ApiApplication node(
            String name,
            DatabaseConfig database,
            StorageConfig storage,
            org.offlinepacks.api.bundle.PackBuilder builder) {
        ServerConfig config = ServerConfig.defaults(dir.resolve("node-" + name))
                .withPort(0)
                .withDatabase(database)
                .withStorage(storage);
        return builder == null
                ? ApiApplication.start(config, List.of())
                : ApiApplication.start(config, builder, List.of());
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        objects.close();
        databases.close();
    }

    @Test
    void aDownloadStartedOnOneNodeResumesOnTheOtherAndVerifies() throws Exception {
        Phone onA = new Phone(nodeA.baseUri().toString(), WORKER);
        Phone onB = new Phone(nodeB.baseUri().toString(), WORKER);
        HttpResponse<byte[]> manifestA = onA.get("/v1/packs/" + ENCAMP + "/manifest");
        HttpResponse<byte[]> manifestB = onB.get("/v1/packs/" + ENCAMP + "/manifest");
        assertEquals(200, manifestB.statusCode());
        assertEquals(
                manifestA.headers().firstValue("ETag").orElseThrow(),
                manifestB.headers().firstValue("ETag").orElseThrow());
        assertArrayEquals(manifestA.body(), manifestB.body());

        PackManifest.Part bundle = published.bundle();
        String path = "/v1/parts/" + bundle.sha256();
        long half = bundle.size() / 2;
        HttpResponse<byte[]> first = onA.get(path, "Range", "bytes=0-" + (half - 1));
        assertEquals(206, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> rest = onB.get(path, "Range", "bytes=" + half + "-", "If-Range", etag);
        assertEquals(206, rest.statusCode());
        assertEquals(etag, rest.headers().firstValue("ETag").orElseThrow());
        byte[] whole = Arrays.copyOf(first.body(), first.body().length + rest.body().length);
        System.arraycopy(rest.body(), 0, whole, first.body().length, rest.body().length);
        assertEquals(bundle.sha256(), DownloadChannelTest.sha256(whole));

        PackManifest.Part forms = published.part("forms.json").orElseThrow();
        HttpResponse<byte[]> gzip = onB.get("/v1/parts/" + forms.sha256(), "Accept-Encoding", "gzip");
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(
                "\"" + forms.gzip().sha256() + "\"",
                gzip.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, onB.get(path, "If-None-Match", etag).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRebuildRequestedOnOneNodeIsServedByTheOther() throws Exception {
        Phone planner = new Phone(nodeA.baseUri().toString(), PLANNER);
        HttpResponse<String> edit = planner.send(
                "PUT",
                "/v1/boundaries/" + ENCAMP,
                TestService.squareWithin(ENCAMP, 0.02),
                "Content-Type",
                "application/json");
        assertEquals(202, edit.statusCode(), edit.body());
        String jobId = (String) ((Map<String, Object>)
                        ApiJson.MAPPER.readValue(edit.body(), Map.class).get("job"))
                .get("id");
        for (int i = 0; i < 600; i++) {
            JsonNode job = ApiJson.MAPPER.readTree(
                    planner.send("GET", "/v1/jobs/" + jobId, null).body());
            if (!job.path("state").asText().matches("QUEUED|RUNNING")) {
                assertEquals("SUCCEEDED", job.path("state").asText(), job.toString());
                break;
            }
            Thread.sleep(50);
        }
        PackManifest onB = PartJson.MAPPER.readValue(
                new Phone(nodeB.baseUri().toString(), WORKER)
                        .get("/v1/packs/" + ENCAMP + "/manifest")
                        .body(),
                PackManifest.class);
        assertTrue(onB.packVersion() > published.packVersion(), "node B serves version " + onB.packVersion());
        assertNotEquals(published.boundaryVersion(), onB.boundaryVersion());
        // the version a device started from is still there, on either node
        assertEquals(
                200,
                new Phone(nodeB.baseUri().toString(), WORKER)
                        .get("/v1/parts/" + published.bundle().sha256())
                        .statusCode());
    }

    @Test
    void aTusUploadStartedOnOneNodeResumesOnTheOther() throws Exception {
        byte[] file = UploadFixtures.ndjson(List.of(
                UploadFixtures.household(UUID.randomUUID().toString(), ENCAMP, "fw", 3),
                UploadFixtures.household(UUID.randomUUID().toString(), ENCAMP, "fw", 4)));
        int half = file.length / 2;
        Phone onA = new Phone(nodeA.baseUri().toString(), WORKER);
        Phone onB = new Phone(nodeB.baseUri().toString(), WORKER);
        HttpResponse<String> created =
                onA.send("POST", "/v1/files", null, "Tus-Resumable", "1.0.0", "Upload-Length", "" + file.length);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> firstHalf = patch(nodeA, location, file, 0, half);
        assertEquals(204, firstHalf.statusCode(), firstHalf.body());

        HttpResponse<String> head = onB.send("HEAD", location, null, "Tus-Resumable", "1.0.0");
        assertEquals("" + half, head.headers().firstValue("Upload-Offset").orElseThrow());
        HttpResponse<String> secondHalf = patch(nodeB, location, file, half, file.length);
        assertEquals(204, secondHalf.statusCode(), secondHalf.body());

        String fileId = location.substring(location.lastIndexOf('/') + 1);
        HttpResponse<String> registered = onA.send(
                "POST",
                "/v1/uploads/registrations",
                "{\"fileId\":\"" + fileId + "\",\"sha256\":\"" + UploadFixtures.sha256(file) + "\"}",
                "Content-Type",
                "application/json");
        assertEquals(200, registered.statusCode(), registered.body());
        JsonNode summary = ApiJson.MAPPER.readTree(registered.body());
        assertEquals(2, summary.at("/counts/accepted").asInt());
        HttpResponse<byte[]> receipt = onB.get(summary.at("/receipt/href").asText());
        assertEquals(200, receipt.statusCode());
        assertEquals(summary.at("/receipt/sha256").asText(), DownloadChannelTest.sha256(receipt.body()));
    }

    /** A tus PATCH of {@code file[from, to)} at offset {@code from}. */
    private static HttpResponse<String> patch(ApiApplication node, String location, byte[] file, int from, int to)
            throws Exception {
        return ContractClient.create()
                .send(
                        HttpRequest.newBuilder(node.baseUri().resolve(location))
                                .header("Authorization", "Bearer " + WORKER)
                                .header("Tus-Resumable", "1.0.0")
                                .header("Upload-Offset", Integer.toString(from))
                                .header("Content-Type", "application/offset+octet-stream")
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(file, from, to - from))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
