package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.http.UploadTestData.ANDORRA_LA_VELLA;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP;
import static org.offlinepacks.api.http.UploadTestData.ENCAMP_WORKER;
import static org.offlinepacks.api.http.UploadTestData.NORTH_SUPERVISOR;
import static org.offlinepacks.api.http.UploadTestData.ORDINO;
import static org.offlinepacks.api.http.UploadTestData.ORDINO_WORKER;
import static org.offlinepacks.api.upload.UploadFixtures.gzip;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.SqlEntryStore;
import org.offlinepacks.api.upload.StoredEntry;

/** The upload channel over loopback HTTP, as a device and a supervisor use it. */
class UploadChannelTest {
    @TempDir
    static Path dataDir;

    static ApiApplication application;
    static final HttpClient CLIENT = ContractClient.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));

    @BeforeAll
    static void start() {
        UploadTestData.seed(dataDir);
        application = UploadTestData.start(dataDir);
    }

    @AfterAll
    static void stop() {
        application.close();
    }

    static HttpRequest.Builder request(String path, String token) {
        URI uri = application.baseUri().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> upload(String token, byte[] file, String sha256) throws Exception {
        return send(request("/v1/uploads", token)
                .header("Content-Digest", ContentDigest.header(sha256))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
    }

    static HttpResponse<String> upload(String token, byte[] file) throws Exception {
        return upload(token, file, sha256(file));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return ApiJson.MAPPER.readTree(response.body());
    }

    /** The receipt with every entry, fetched where the upload's summary says it is. */
    static JsonNode receipt(String token, HttpResponse<String> upload) throws Exception {
        JsonNode summary = json(upload);
        HttpResponse<String> receipt =
                send(request(summary.at("/receipt/href").asText(), token).GET().build());
        assertEquals(200, receipt.statusCode(), receipt.body());
        assertEquals(
                summary.at("/receipt/sha256").asText(),
                sha256(receipt.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return json(receipt);
    }

    static List<String> results(JsonNode receipt) {
        List<String> results = new ArrayList<>();
        receipt.get("entries").forEach(entry -> results.add(entry.get("result").asText()));
        return results;
    }

    static long storedEntries() {
        try (SqlEntryStore store = SqlEntryStore.embedded(dataDir.resolve("entries.sqlite"))) {
            return store.entryCount();
        }
    }

    static StoredEntry stored(String id) {
        try (SqlEntryStore store = SqlEntryStore.embedded(dataDir.resolve("entries.sqlite"))) {
            return store.entry(id).orElseThrow();
        }
    }

    static ObjectNode encampEntry() {
        return household(UUID.randomUUID().toString(), ENCAMP, "fw-encamp", 4);
    }

    @Test
    void aReceiptTellsAcceptedDuplicateConflictAndRejectedEntriesApart() throws Exception {
        ObjectNode kept = encampEntry();
        ObjectNode changed = household(kept.get("clientReferenceId").asText(), ENCAMP, "fw-encamp", 7);
        ObjectNode duplicate = encampEntry();
        HttpResponse<String> first = upload(ENCAMP_WORKER, ndjson(List.of(kept, duplicate)));
        assertEquals(200, first.statusCode(), first.body());

        ObjectNode missingField = encampEntry();
        ((ObjectNode) missingField.get("data")).remove("head_name");
        ObjectNode fresh = encampEntry();
        HttpResponse<String> second =
                upload(ENCAMP_WORKER, gzip(ndjson(List.of(duplicate, changed, missingField, "{oops", fresh))));
        assertEquals(200, second.statusCode(), second.body());
        assertTrue(second.body().length() < 1024, "the answer is a summary: " + second.body());
        JsonNode summary = json(second);
        JsonNode receipt = receipt(ENCAMP_WORKER, second);
        assertEquals(List.of("duplicate", "conflict", "rejected", "rejected", "accepted"), results(receipt));
        assertEquals("missing-required-field", receipt.at("/entries/2/reason").asText());
        assertEquals("malformed-json", receipt.at("/entries/3/reason").asText());
        assertEquals(1, receipt.at("/counts/accepted").asInt());
        assertEquals(2, receipt.at("/counts/rejected").asInt());
        assertTrue(stored(kept.get("clientReferenceId").asText()).json().contains("\"members\":4"));

        String location = second.headers().firstValue("Location").orElseThrow();
        assertEquals("/v1/uploads/" + receipt.get("uploadId").asText(), location);
        HttpResponse<String> again = send(request(location, ENCAMP_WORKER).GET().build());
        assertEquals(200, again.statusCode());
        assertEquals(summary, json(again));
        assertEquals(404, send(request(location, ORDINO_WORKER).GET().build()).statusCode());
        assertEquals(
                404,
                send(request(location + "/receipt", ORDINO_WORKER).GET().build())
                        .statusCode());

        // only the entries to act on: the conflict and the two rejections
        HttpResponse<String> problems =
                send(request(summary.at("/problems/href").asText(), ENCAMP_WORKER)
                        .GET()
                        .build());
        assertEquals(List.of("conflict", "rejected", "rejected"), results(json(problems)));
        assertEquals(3, summary.at("/problems/entries").asInt());

        HttpResponse<byte[]> gzipped = CLIENT.send(
                request(summary.at("/receipt/href").asText(), ENCAMP_WORKER)
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", gzipped.headers().firstValue("Vary").orElseThrow());
        assertEquals(
                Long.toString(gzipped.body().length),
                gzipped.headers().firstValue("Content-Length").orElseThrow());
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertEquals(receipt, ApiJson.MAPPER.readTree(in));
        }
    }

    @Test
    void aWrongChecksumIsRefusedAndStoresNothing() throws Exception {
        long before = storedEntries();
        byte[] file = ndjson(List.of(encampEntry()));
        HttpResponse<String> response = upload(ENCAMP_WORKER, file, sha256(new byte[] {42}));
        assertEquals(422, response.statusCode(), response.body());
        assertEquals("checksum-mismatch", json(response).get("error").asText());
        assertEquals(before, storedEntries());

        HttpResponse<String> noDigest = send(request("/v1/uploads", ENCAMP_WORKER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
        assertEquals(400, noDigest.statusCode());
        assertEquals("missing-checksum", json(noDigest).get("error").asText());
        assertEquals(before, storedEntries());
    }

    @Test
    void aTruncatedGzipIsRefusedWhole() throws Exception {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(encampEntry());
        }
        byte[] file = gzip(ndjson(lines));
        byte[] truncated = Arrays.copyOf(file, file.length * 2 / 3);
        long before = storedEntries();
        HttpResponse<String> response = upload(ENCAMP_WORKER, truncated);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("corrupt-gzip", json(response).get("error").asText());
        assertEquals(before, storedEntries());
    }

    @Test
    void aGzipBombIsStoppedAtTheDecompressedLimit() throws Exception {
        long limit = 128L << 20;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            byte[] line = ("{\"pad\":\"" + "x".repeat(1000) + "\"}\n").getBytes();
            for (long written = 0; written <= limit; written += line.length) {
                gzip.write(line);
            }
        }
        byte[] bomb = bytes.toByteArray();
        assertTrue(bomb.length < 2 << 20, "the bomb is small: " + bomb.length);
        HttpResponse<String> response = upload(ENCAMP_WORKER, bomb);
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("decompressed-too-large", json(response).get("error").asText());
    }

    @Test
    void theSameFileTwiceReturnsTheSameReceiptAndStoresNothingNew() throws Exception {
        byte[] file = ndjson(List.of(encampEntry(), encampEntry(), encampEntry()));
        JsonNode first = json(upload(ENCAMP_WORKER, file));
        long stored = storedEntries();
        HttpResponse<String> again = upload(ENCAMP_WORKER, file);
        assertEquals(first, json(again));
        assertEquals(List.of("accepted", "accepted", "accepted"), results(receipt(ENCAMP_WORKER, again)));
        assertEquals(stored, storedEntries());
    }

    @Test
    void aSupervisorRelaysEntriesOfTheirAreaOnlyAndBothPeopleAreRecorded() throws Exception {
        ObjectNode fromEncamp = encampEntry();
        ObjectNode fromOrdino = household(UUID.randomUUID().toString(), ORDINO, "fw-ordino", 2);
        ObjectNode fromTheCapital = household(UUID.randomUUID().toString(), ANDORRA_LA_VELLA, "fw-vella", 2);
        JsonNode receipt = receipt(
                NORTH_SUPERVISOR, upload(NORTH_SUPERVISOR, ndjson(List.of(fromEncamp, fromOrdino, fromTheCapital))));
        assertEquals(List.of("accepted", "accepted", "rejected"), results(receipt));
        assertEquals("boundary-not-allowed", receipt.at("/entries/2/reason").asText());

        StoredEntry relayed = stored(fromOrdino.get("clientReferenceId").asText());
        assertEquals("fw-ordino", relayed.createdBy());
        assertEquals("sup-north", relayed.uploadedBy());

        JsonNode outside = receipt(ENCAMP_WORKER, upload(ENCAMP_WORKER, ndjson(List.of(household(ORDINO)))));
        assertEquals("boundary-not-allowed", outside.at("/entries/0/reason").asText());
    }

    @Test
    void anInterruptedTwoStepUploadResumesAtTheOffsetTheServerHas() throws Exception {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(encampEntry());
        }
        byte[] file = gzip(ndjson(lines));
        HttpResponse<String> created = send(request("/v1/files", ENCAMP_WORKER)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Integer.toString(file.length))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String fileId = json(created).get("fileId").asText();

        int cut = file.length / 3;
        assertEquals(204, patch(location, 0, Arrays.copyOfRange(file, 0, cut)).statusCode());
        // The connection dropped; the device does not know how much arrived.
        HttpResponse<String> stale = patch(location, 0, file);
        assertEquals(409, stale.statusCode());
        assertEquals("offset-mismatch", json(stale).get("error").asText());
        HttpResponse<String> head = send(request(location, ENCAMP_WORKER)
                .header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
        assertEquals(cut, offset);
        HttpResponse<String> rest = patch(location, offset, Arrays.copyOfRange(file, (int) offset, file.length));
        assertEquals(204, rest.statusCode(), rest.body());
        assertEquals(
                Integer.toString(file.length),
                rest.headers().firstValue("Upload-Offset").orElseThrow());

        String registration = "{\"fileId\":\"" + fileId + "\",\"sha256\":\"" + sha256(file) + "\"}";
        HttpResponse<String> registered = send(request("/v1/uploads/registrations", ENCAMP_WORKER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration))
                .build());
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals(300, json(registered).at("/counts/accepted").asInt());
    }

    private static HttpResponse<String> patch(String location, long offset, byte[] chunk) throws Exception {
        return send(request(location, ENCAMP_WORKER)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk))
                .build());
    }

    @Test
    void limitsAreAnnouncedAndEnforcedAndUploadsNeedAToken() throws Exception {
        HttpResponse<String> limits =
                send(request("/v1/uploads/limits", ENCAMP_WORKER).GET().build());
        assertEquals(200, limits.statusCode());
        long maxFileBytes = json(limits).get("maxFileBytes").asLong();
        assertTrue(limits.headers().firstValue("Upload-Limits").orElseThrow().contains("max-entries="));

        HttpResponse<String> tooBig = send(request("/v1/files", ENCAMP_WORKER)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(maxFileBytes + 1))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(413, tooBig.statusCode());
        assertEquals("file-too-large", json(tooBig).get("error").asText());

        assertEquals(401, upload(null, ndjson(List.of(encampEntry()))).statusCode());
    }
}
