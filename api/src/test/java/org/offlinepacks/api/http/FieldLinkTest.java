package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.upload.SqlEntryStore;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.storage.TestObjectStores;

/**
 * A phone's sync through a link that throttles and cuts every connection after a few kilobytes,
 * like a 2G link: downloads resume on the version they started, a tus upload keeps every byte that
 * arrived, and a large receipt still reaches the phone.
 */
@ParameterizedClass
@EnumSource(TestObjectStores.Kind.class)
class FieldLinkTest {
    @TempDir
    static Path dataDir;

    static TestService service;

    /** Packs, receipts and uploads in the data folder, or in a bucket of the test S3 server. */
    @Parameter
    TestObjectStores.Kind storage;

    @BeforeParameterizedClassInvocation
    static void start(TestObjectStores.Kind storage) throws Exception {
        service = TestService.start(dataDir.resolve(storage.name()), storage);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        service.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBundleResumedAcrossARepublishVerifiesAgainstTheVersionItStarted() throws Exception {
        PackManifest started = service.manifest(TestService.ANDORRA_LA_VELLA);
        try (CuttingProxy link = CuttingProxy.start(
                service.application.port(), 400_000, started.bundle().size() / 4)) {
            Phone phone = new Phone(link.baseUri(), TestService.PLANNER);

            Phone.Download bundle =
                    phone.download("/v1/parts/" + started.bundle().sha256(), false, () -> {
                        try { // a planner's edit is published while the phone is between two connections
                            HttpResponse<String> put = service.send(
                                    "PUT",
                                    "/v1/boundaries/" + TestService.ANDORRA_LA_VELLA,
                                    TestService.PLANNER,
                                    TestService.squareWithin(TestService.ANDORRA_LA_VELLA, 0.03));
                            Map<String, Object> job = (Map<String, Object>) ApiJson.MAPPER
                                    .readValue(put.body(), Map.class)
                                    .get("job");
                            assertEquals(
                                    "SUCCEEDED",
                                    service.awaitJob((String) job.get("id"), TestService.PLANNER)
                                            .get("state"));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });

            assertTrue(bundle.attempts() > 2, "attempts: " + bundle.attempts());
            assertEquals(started.bundle().size(), bundle.body().length);
            assertEquals(started.bundle().sha256(), DownloadChannelTest.sha256(bundle.body()));
            assertNotEquals(
                    started.packVersion(),
                    service.manifest(TestService.ANDORRA_LA_VELLA).packVersion());
        }
    }

    @Test
    void partsComeGzippedWithTheirOwnTagAndAGzipDownloadResumesOnItsOwnBytes() throws Exception {
        PackManifest manifest = service.manifest(TestService.ENCAMP);
        PackManifest.Part forms = manifest.part("forms.json").orElseThrow();
        assertTrue(forms.gzip() != null && forms.gzip().size() < forms.size() * 0.9, forms.toString());
        try (CuttingProxy link = CuttingProxy.start(service.application.port(), 400_000, 1024)) {
            Phone phone = new Phone(link.baseUri(), TestService.FIELD_WORKER);
            Phone.Download gzipped = phone.download("/v1/parts/" + forms.sha256(), true, null);
            assertEquals("gzip", gzipped.contentEncoding());
            assertEquals("\"" + forms.gzip().sha256() + "\"", gzipped.etag());
            assertEquals(forms.gzip().sha256(), DownloadChannelTest.sha256(gzipped.body()));
            assertEquals(forms.sha256(), DownloadChannelTest.sha256(gunzip(gzipped.body())));

            Phone.Download plain = phone.download("/v1/parts/" + forms.sha256(), false, null);
            assertEquals(null, plain.contentEncoding());
            assertEquals("\"" + forms.sha256() + "\"", plain.etag());
            // the gzip form has an address of its own too
            assertArrayEquals(
                    gzipped.body(),
                    phone.download("/v1/parts/" + forms.gzip().sha256(), false, null)
                            .body());
        }
        HttpResponse<byte[]> negotiated =
                service.get("/v1/parts/" + forms.sha256(), TestService.FIELD_WORKER, "Accept-Encoding", "gzip");
        assertEquals("Accept-Encoding", negotiated.headers().firstValue("Vary").orElseThrow());
    }

    @Test
    void aPhoneUploads5000EntriesWithTusThroughCutsAndGetsItsReceiptBack() throws Exception {
        byte[] file = UploadFixtures.ndjson(entries(5000));
        Path entries = dataDir.resolve("entries-" + UUID.randomUUID() + ".ndjson");
        Files.write(entries, file);
        try (CuttingProxy link = CuttingProxy.start(service.application.port(), 2_000_000, 64 * 1024)) {
            Phone phone = new Phone(link.baseUri(), TestService.FIELD_WORKER);
            String fileUrl = phone.tusUpload(entries);
            assertTrue(link.cuts() >= file.length / (64 * 1024), "cuts: " + link.cuts());
            // every byte that crossed the link was kept: little more than the file and the headers crossed it
            // (a chunk lost at each cut would add 64 KB per cut, over 1.9x in all)
            System.out.printf(
                    "tus through %d cuts: %d bytes up for a file of %d (%.3fx)%n",
                    link.cuts(), link.bytesUp(), file.length, (double) link.bytesUp() / file.length);
            assertTrue(
                    link.bytesUp() <= file.length * 1.05,
                    link.bytesUp() + " bytes sent for a file of " + file.length + " in " + link.connections()
                            + " connections");

            String fileId = fileUrl.substring(fileUrl.lastIndexOf('/') + 1);
            HttpResponse<String> registered = null;
            for (int attempt = 0; attempt < 20 && registered == null; attempt++) {
                try {
                    registered = phone.send(
                            "POST",
                            "/v1/uploads/registrations",
                            "{\"fileId\":\"" + fileId + "\",\"sha256\":\"" + UploadFixtures.sha256(file) + "\"}",
                            "Content-Type",
                            "application/json");
                } catch (IOException cut) {
                    // sent again: a registration answers the same receipt twice
                }
            }
            assertEquals(200, registered.statusCode(), registered.body());
            assertTrue(registered.body().length() < 1024, registered.body());
            JsonNode summary = ApiJson.MAPPER.readTree(registered.body());
            assertEquals(5000, summary.at("/counts/accepted").asInt());

            Phone.Download receipt = phone.download(summary.at("/receipt/href").asText(), true, null);
            assertTrue(receipt.attempts() > 1, "the receipt needed several connections");
            byte[] json = gunzip(receipt.body());
            assertEquals(summary.at("/receipt/sha256").asText(), DownloadChannelTest.sha256(json));
            assertEquals(5000, ApiJson.MAPPER.readTree(json).get("entries").size());
        }
        try (SqlEntryStore store = SqlEntryStore.embedded(service.dataDir.resolve("entries.sqlite"))) {
            assertTrue(store.entryCount() >= 5000);
        }
    }

    private static List<Object> entries(int count) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(UploadFixtures.household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 1 + i % 7));
        }
        return lines;
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
