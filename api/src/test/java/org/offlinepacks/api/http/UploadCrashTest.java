package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.SqlEntryStore;

/**
 * The service as a separate process, killed with SIGKILL while devices upload: after a restart and
 * a retry of every file, each entry is stored exactly once and every receipt answered before the
 * crash is answered again unchanged.
 */
class UploadCrashTest {
    private static final int FILES = 80;
    private static final int ENTRIES_PER_FILE = 100;
    private static final int SHARED_WITH_PREVIOUS = 10;
    private static final int ACKS_BEFORE_KILL = 20;

    @TempDir
    Path dataDir;

    private final HttpClient client = ContractClient.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));

    @Test
    void everyEntryIsStoredExactlyOnceAfterAKillInTheMiddleOfUploads() throws Exception {
        UploadTestData.seed(dataDir);
        List<byte[]> files = files();
        Map<Integer, JsonNode> ackedBeforeKill = new ConcurrentHashMap<>();
        AtomicInteger failedByKill = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();

        Process first = launch("first");
        ExecutorService devices = Executors.newFixedThreadPool(4);
        try {
            URI base = awaitPort(first, "first");
            for (int i = 0; i < FILES; i++) {
                int index = i;
                devices.submit(() -> {
                    try {
                        HttpResponse<String> response = upload(base, files.get(index));
                        if (response.statusCode() == 200) {
                            ackedBeforeKill.put(index, ApiJson.MAPPER.readTree(response.body()));
                        } else {
                            unexpected.add(response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        failedByKill.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ackedBeforeKill.size() < ACKS_BEFORE_KILL && unexpected.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
            devices.shutdown();
            devices.awaitTermination(60, TimeUnit.SECONDS);
        }
        System.out.printf(
                "killed the server after %d of %d receipts; %d uploads failed with the connection%n",
                ackedBeforeKill.size(), FILES, failedByKill.get());
        assertEquals(List.of(), unexpected);
        assertTrue(
                ackedBeforeKill.size() >= ACKS_BEFORE_KILL,
                "too few uploads went through before the kill; server log:\n"
                        + Files.readString(dataDir.resolve("first.log")));
        assertTrue(ackedBeforeKill.size() < FILES, "the kill came in the middle of the uploads");

        Map<Integer, JsonNode> finalReceipts = new HashMap<>();
        Map<Integer, JsonNode> entriesOf = new HashMap<>();
        Process second = launch("second");
        try {
            URI base = awaitPort(second, "second");
            for (int i = 0; i < FILES; i++) {
                HttpResponse<String> response = upload(base, files.get(i));
                assertEquals(200, response.statusCode(), response.body());
                finalReceipts.put(i, ApiJson.MAPPER.readTree(response.body()));
                String href = ApiJson.MAPPER
                        .readTree(response.body())
                        .at("/receipt/href")
                        .asText();
                HttpResponse<String> receipt = client.send(
                        HttpRequest.newBuilder(base.resolve(href))
                                .header("Authorization", "Bearer " + UploadTestData.ENCAMP_WORKER)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                entriesOf.put(i, ApiJson.MAPPER.readTree(receipt.body()).get("entries"));
            }
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }

        ackedBeforeKill.forEach((index, receipt) ->
                assertEquals(receipt, finalReceipts.get(index), "receipt of file " + index + " survived the kill"));
        Map<String, Integer> acceptedTimes = new HashMap<>();
        for (JsonNode entries : entriesOf.values()) {
            for (JsonNode entry : entries) {
                String result = entry.get("result").asText();
                assertTrue(result.equals("accepted") || result.equals("duplicate"), entry.toString());
                if (result.equals("accepted")) {
                    acceptedTimes.merge(entry.get("clientReferenceId").asText(), 1, Integer::sum);
                }
            }
        }
        Set<String> allIds = new HashSet<>(acceptedTimes.keySet());
        assertEquals(FILES * ENTRIES_PER_FILE - (FILES - 1) * SHARED_WITH_PREVIOUS, allIds.size());
        acceptedTimes.forEach((id, times) -> assertEquals(1, times, "entry " + id + " accepted once"));
        try (SqlEntryStore store = SqlEntryStore.embedded(dataDir.resolve("entries.sqlite"))) {
            assertEquals(allIds.size(), store.entryCount());
        }
    }

    /** Files of new entries that also repeat a few entries of the file before, as devices that retry do. */
    private static List<byte[]> files() {
        List<byte[]> files = new ArrayList<>();
        List<ObjectNode> previousNew = List.of();
        for (int i = 0; i < FILES; i++) {
            List<ObjectNode> fresh = new ArrayList<>();
            int shared = Math.min(SHARED_WITH_PREVIOUS, previousNew.size());
            while (fresh.size() + shared < ENTRIES_PER_FILE) {
                fresh.add(household(UUID.randomUUID().toString(), UploadTestData.ENCAMP, "fw-encamp", 3));
            }
            List<ObjectNode> entries = new ArrayList<>(previousNew.subList(0, shared));
            entries.addAll(fresh);
            files.add(ndjson(entries));
            previousNew = fresh;
        }
        return files;
    }

    private HttpResponse<String> upload(URI base, byte[] file) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(base.resolve("/v1/uploads"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + UploadTestData.ENCAMP_WORKER)
                        .header("Content-Digest", ContentDigest.header(sha256(file)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Process launch(String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        UploadServerProcess.class.getName(),
                        dataDir.toString(),
                        dataDir.resolve(name + ".port").toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile())
                .start();
    }

    private URI awaitPort(Process process, String name) throws IOException, InterruptedException {
        Path portFile = dataDir.resolve(name + ".port");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the " + name + " server did not start:\n" + Files.readString(dataDir.resolve(name + ".log")));
            }
            Thread.sleep(20);
        }
        return URI.create("http://127.0.0.1:" + Files.readString(portFile).trim());
    }
}
