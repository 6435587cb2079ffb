package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.Phone;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.tilepacker.TestTileServer;

/**
 * Two API nodes and two build workers, each `serve` in a process of its own as an operator starts
 * them, on one PostgreSQL database and one bucket of s3proxy: a rebuild asked of one API node is
 * followed on the other, a worker killed with {@code kill -9} in the middle of a build is replaced
 * and exactly one version is published, a download moves from one node to the other, and one
 * entry file sent to both nodes at once is stored once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralNodesTest {
    static final String ENCAMP = PackFixtures.ENCAMP;
    static final String PLANNER = "demo-planner-andorra";
    static final String WORKER = "demo-field-worker-encamp";

    @TempDir
    static Path dir;

    static String jdbcUrl;
    static TestTileServer upstream;
    static ServeProcess apiA;
    static ServeProcess apiB;
    static final List<ServeProcess> workers = new ArrayList<>();
    static final List<String> servedProblems = new CopyOnWriteArrayList<>();
    static final Set<String> servedManifests = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    static final AtomicBoolean watching = new AtomicBoolean(true);
    static Thread watcher;

    @BeforeAll
    static void startTheNodes() throws Exception {
        jdbcUrl = TestDatabases.newPostgresDatabase();
        Map<String, String> environment = new HashMap<>(TestObjectStores.environment());
        environment.put("OFFLINE_PACKS_DB_USER", "postgres");
        environment.put("OFFLINE_PACKS_DB_PASSWORD", "postgres");
        environment.put("OFFLINE_PACKS_DB", jdbcUrl);
        environment.put(
                "OFFLINE_PACKS_STORAGE",
                "s3://several-nodes-" + UUID.randomUUID() + "?region=us-east-1&endpoint="
                        + TestObjectStores.endpoint());
        environment.put("OFFLINE_PACKS_JOB_LEASE", "3s");
        environment.put("OFFLINE_PACKS_JOB_HEARTBEAT", "500ms");
        environment.put("OFFLINE_PACKS_JOB_POLL", "200ms");
        upstream = new TestTileServer(TestTileServer.tilesOf(PackFixtures.SAMPLE_CAMPAIGN
                .resolve("../andorra-raster-z9-15.mbtiles")
                .normalize()));
        upstream.slowMillis = 0;

        apiA = ServeProcess.start(
                environment,
                "--role",
                "api",
                "--data",
                dir.resolve("api-a").toString(),
                "--campaign",
                PackFixtures.SAMPLE_CAMPAIGN.toString(),
                "--demo");
        apiB = ServeProcess.start(
                environment, "--role", "api", "--data", dir.resolve("api-b").toString(), "--demo");
        for (String name : List.of("worker-1", "worker-2")) {
            workers.add(ServeProcess.start(
                    environment,
                    "--role",
                    "worker",
                    "--data",
                    dir.resolve(name).toString(),
                    "--tile-source",
                    upstream.urlTemplate(),
                    "--demo"));
        }
        watcher = new Thread(SeveralNodesTest::watchWhatIsServed, "served-pack-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @AfterAll
    static void stopTheNodes() throws Exception {
        watching.set(false);
        for (ServeProcess node : List.of(apiA, apiB)) {
            node.close();
        }
        for (ServeProcess worker : workers) {
            worker.close();
        }
        upstream.close();
    }

    @Test
    @Order(1)
    void aWorkerKilledInTheMiddleOfABuildIsReplacedAndOneVersionIsPublished() throws Exception {
        upstream.slowMillis = 400; // long enough a build to kill it in the middle
        JsonNode asked = apiA.send("POST", "/v1/boundaries/" + ENCAMP + "/rebuild", PLANNER, null);
        String jobId = asked.path("id").asText();
        assertTrue(!jobId.isEmpty(), asked.toString());

        JsonNode running = awaitOnB(
                jobId,
                job -> "RUNNING".equals(job.path("state").asText())
                        && job.path("progress").findValues("done").stream().anyMatch(done -> done.asLong() > 0));
        ServeProcess building = workerOf(running);
        ServeProcess other = workers.get(1 - workers.indexOf(building));
        building.kill();
        upstream.slowMillis = 0;

        JsonNode done = apiB.awaitJob(jobId, PLANNER);
        assertEquals("SUCCEEDED", done.path("state").asText(), done + "\n" + other.output());
        assertEquals(2, done.path("attempts").asInt(), done.toString());
        assertTrue(done.path("worker").asText().endsWith(":" + other.pid()), done + " (other: " + other.pid() + ")");

        assertEquals(List.of(done.path("packVersion").asLong()), publishedVersions(ENCAMP), "one version published");
        awaitServed(1);
        assertEquals(List.of(), servedProblems, "every manifest served had all its parts, whole");
        assertEquals(1, servedManifests.size(), servedManifests.toString());
    }

    @Test
    @Order(2)
    void aRebuildAskedOfOneApiNodeIsFollowedOnTheOther() throws Exception {
        long before = currentVersion(new Phone(apiB.baseUri().toString(), WORKER));
        JsonNode asked = apiA.send("POST", "/v1/boundaries/" + ENCAMP + "/rebuild", PLANNER, null);
        JsonNode done = apiB.awaitJob(asked.path("id").asText(), PLANNER);
        assertEquals("SUCCEEDED", done.path("state").asText(), done.toString());
        assertTrue(done.path("packVersion").asLong() > before, done.toString());
        assertEquals(
                done.path("packVersion").asLong(),
                currentVersion(new Phone(apiA.baseUri().toString(), WORKER)));
        assertEquals(List.of(), servedProblems);
    }

    @Test
    @Order(3)
    void aDownloadStartedOnOneNodeResumesOnTheOther() throws Exception {
        Phone onA = new Phone(apiA.baseUri().toString(), WORKER);
        Phone onB = new Phone(apiB.baseUri().toString(), WORKER);
        PackManifest manifest = PartJson.MAPPER.readValue(
                onA.get("/v1/packs/" + ENCAMP + "/manifest").body(), PackManifest.class);
        PackManifest.Part bundle = manifest.bundle();
        long half = bundle.size() / 2;
        HttpResponse<byte[]> first = onA.get("/v1/parts/" + bundle.sha256(), "Range", "bytes=0-" + (half - 1));
        assertEquals(206, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> rest =
                onB.get("/v1/parts/" + bundle.sha256(), "Range", "bytes=" + half + "-", "If-Range", etag);
        assertEquals(206, rest.statusCode(), "node B resumes what node A started");
        byte[] whole = new byte[(int) bundle.size()];
        System.arraycopy(first.body(), 0, whole, 0, first.body().length);
        System.arraycopy(rest.body(), 0, whole, first.body().length, rest.body().length);
        assertEquals(bundle.sha256(), UploadFixtures.sha256(whole));
    }

    @Test
    @Order(4)
    void oneEntryFileSentToBothApiNodesAtOnceIsStoredOnce() throws Exception {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(UploadFixtures.household(ENCAMP));
        }
        byte[] file = UploadFixtures.ndjson(entries);
        String digest = "sha-256=:"
                + java.util.Base64.getEncoder()
                        .encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(file))
                + ":";
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (ServeProcess node : List.of(apiA, apiB)) {
            Phone phone = new Phone(node.baseUri().toString(), WORKER);
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return phone.send(
                            "POST",
                            "/v1/uploads",
                            new String(file, java.nio.charset.StandardCharsets.UTF_8),
                            "Content-Digest",
                            digest);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long accepted = 0;
        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
            JsonNode counts = ApiJson.MAPPER.readTree(response.body()).path("counts");
            assertEquals(
                    200,
                    counts.path("accepted").asInt() + counts.path("duplicate").asInt(),
                    counts.toString());
            accepted += counts.path("accepted").asInt();
        }
        assertTrue(
                accepted >= 200, "each entry accepted by one node (the other answers duplicate, or the same summary)");
        List<String> ids = entries.stream()
                .map(entry -> ((com.fasterxml.jackson.databind.node.ObjectNode) entry)
                        .path("clientReferenceId")
                        .asText())
                .toList();
        assertEquals(
                200,
                count("SELECT COUNT(*) FROM entry WHERE client_reference_id IN ('" + String.join("','", ids) + "')"));
    }

    /** Polls node B for the job until {@code until} holds. */
    private static JsonNode awaitOnB(String jobId, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode job = apiB.send("GET", "/v1/jobs/" + jobId, PLANNER, null);
        while (!until.test(job)) {
            assertTrue(System.nanoTime() < deadline && !ServeProcess.finished(job), "the job never got there: " + job);
            Thread.sleep(50);
            job = apiB.send("GET", "/v1/jobs/" + jobId, PLANNER, null);
        }
        return job;
    }

    private static ServeProcess workerOf(JsonNode job) {
        String worker = job.path("worker").asText();
        return workers.stream()
                .filter(w -> worker.endsWith(":" + w.pid()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker process is " + worker));
    }

    private static long currentVersion(Phone phone) throws Exception {
        return PartJson.MAPPER
                .readValue(phone.get("/v1/packs/" + ENCAMP + "/manifest").body(), PackManifest.class)
                .packVersion();
    }

    /**
     * What devices see, all along: every manifest node B serves, each checked once part by part (all
     * there, each its size and sha256), so a half-built pack would show.
     */
    private static void watchWhatIsServed() {
        Phone device = new Phone(apiB.baseUri().toString(), WORKER);
        while (watching.get()) {
            try {
                HttpResponse<byte[]> manifest = device.get("/v1/packs/" + ENCAMP + "/manifest");
                String etag = manifest.headers().firstValue("ETag").orElse("");
                if (manifest.statusCode() == 200 && !servedManifests.contains(etag)) {
                    PackManifest pack = PartJson.MAPPER.readValue(manifest.body(), PackManifest.class);
                    for (PackManifest.Part part : pack.parts()) {
                        HttpResponse<byte[]> bytes = device.get("/v1/parts/" + part.sha256());
                        if (bytes.statusCode() != 200
                                || bytes.body().length != part.size()
                                || !part.sha256().equals(UploadFixtures.sha256(bytes.body()))) {
                            servedProblems.add(pack.packVersion() + " " + part.path() + ": " + bytes.statusCode());
                        }
                    }
                    servedManifests.add(etag);
                } else if (manifest.statusCode() != 200 && manifest.statusCode() != 404) {
                    servedProblems.add("manifest: " + manifest.statusCode());
                }
                Thread.sleep(100);
            } catch (Exception e) {
                if (watching.get()) {
                    servedProblems.add(e.toString());
                }
            }
        }
    }

    private static void awaitServed(int manifests) throws InterruptedException {
        for (int i = 0; i < 200 && servedManifests.size() < manifests; i++) {
            Thread.sleep(50);
        }
    }

    private static List<Long> publishedVersions(String boundaryId) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM pack_version WHERE boundary_id = '"
                        + boundaryId + "' AND state = 'published' ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getLong(1));
            }
        }
        return versions;
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
