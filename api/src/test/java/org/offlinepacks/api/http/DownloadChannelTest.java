package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.boundarydata.storage.TestObjectStores;

@ParameterizedClass
@EnumSource(TestObjectStores.Kind.class)
class DownloadChannelTest {
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
    void theManifestHasAStrongEtagAndAnUnchangedOneCostsA304() throws Exception {
        String path = "/v1/packs/" + TestService.ENCAMP + "/manifest";
        HttpResponse<byte[]> first = service.get(path, TestService.FIELD_WORKER);
        assertEquals(200, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"" + sha256(first.body()) + "\"", etag);
        assertEquals(
                TestService.ENCAMP,
                PartJson.MAPPER.readValue(first.body(), PackManifest.class).boundaryId());

        HttpResponse<byte[]> again = service.get(path, TestService.FIELD_WORKER, "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());

        HttpResponse<byte[]> stale = service.get(path, TestService.FIELD_WORKER, "If-None-Match", "\"0000\"");
        assertEquals(200, stale.statusCode());
    }

    @Test
    void partsAreServedByContentAddressAndCachedForever() throws Exception {
        PackManifest manifest = manifest(TestService.ENCAMP);
        for (PackManifest.Part part : manifest.parts()) {
            HttpResponse<byte[]> response = service.get("/v1/parts/" + part.sha256(), TestService.FIELD_WORKER);
            assertEquals(200, response.statusCode(), part.path());
            assertEquals(part.sha256(), sha256(response.body()));
            assertEquals(part.size(), response.body().length);
            assertEquals(
                    Long.toString(part.size()),
                    response.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("bytes", response.headers().firstValue("Accept-Ranges").orElseThrow());
            assertTrue(
                    response.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
        }
    }

    @Test
    void aDownloadInterruptedAtARandomByteResumesToTheWhole() throws Exception {
        long seed = System.nanoTime();
        System.out.println("aDownloadInterruptedAtARandomByteResumesToTheWhole seed=" + seed);
        Random random = new Random(seed);
        PackManifest manifest = manifest(TestService.ENCAMP);
        PackManifest.Part largest = manifest.parts().stream()
                .max((a, b) -> Long.compare(a.size(), b.size()))
                .orElseThrow();
        for (String path : new String[] {"/v1/parts/" + manifest.bundle().sha256(), "/v1/parts/" + largest.sha256()}) {
            for (int round = 0; round < 5; round++) {
                HttpResponse<InputStream> whole = service.client.send(
                        service.request(path, TestService.FIELD_WORKER).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                String etag = whole.headers().firstValue("ETag").orElseThrow();
                long size = Long.parseLong(
                        whole.headers().firstValue("Content-Length").orElseThrow());
                int cut = 1 + random.nextInt((int) size - 1);
                byte[] prefix;
                try (InputStream in = whole.body()) {
                    prefix = in.readNBytes(cut); // the connection drops here
                }
                HttpResponse<byte[]> rest =
                        service.get(path, TestService.FIELD_WORKER, "Range", "bytes=" + cut + "-", "If-Range", etag);
                assertEquals(206, rest.statusCode(), "seed=" + seed);
                assertEquals(
                        "bytes " + cut + "-" + (size - 1) + "/" + size,
                        rest.headers().firstValue("Content-Range").orElseThrow());
                byte[] resumed = concat(prefix, rest.body());
                byte[] expected = service.get(path, TestService.FIELD_WORKER).body();
                assertArrayEquals(expected, resumed, "seed=" + seed + " cut=" + cut + " " + path);
                assertEquals(etag, "\"" + sha256(resumed) + "\"", "seed=" + seed);
            }
        }
    }

    @Test
    void headTellsTheSizeAndTagWithoutTheBody() throws Exception {
        String path = bundlePath(TestService.ENCAMP);
        HttpResponse<byte[]> whole = service.get(path, TestService.FIELD_WORKER);
        HttpResponse<byte[]> head = service.client.send(
                service.request(path, TestService.FIELD_WORKER)
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(
                Integer.toString(whole.body().length),
                head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(whole.headers().firstValue("ETag"), head.headers().firstValue("ETag"));
    }

    @Test
    void rangesOutsideTheFileAre416AndSuffixRangesWork() throws Exception {
        String path = bundlePath(TestService.ENCAMP);
        byte[] whole = service.get(path, TestService.FIELD_WORKER).body();
        HttpResponse<byte[]> past = service.get(path, TestService.FIELD_WORKER, "Range", "bytes=" + whole.length + "-");
        assertEquals(416, past.statusCode());
        assertEquals(
                "bytes */" + whole.length,
                past.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> tail = service.get(path, TestService.FIELD_WORKER, "Range", "bytes=-100");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 100, whole.length), tail.body());
        HttpResponse<byte[]> several = service.get(path, TestService.FIELD_WORKER, "Range", "bytes=0-1,5-6");
        assertEquals(200, several.statusCode());
        assertArrayEquals(whole, several.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResumeAcrossARebuildFinishesTheVersionItStarted() throws Exception {
        PackManifest started = manifest(TestService.ANDORRA_LA_VELLA);
        String mutable = "/v1/packs/" + TestService.ANDORRA_LA_VELLA + "/bundle.zip";
        HttpResponse<byte[]> redirect = service.get(mutable, TestService.PLANNER);
        assertEquals(307, redirect.statusCode());
        String immutable = redirect.headers().firstValue("Location").orElseThrow();
        assertEquals(bundlePath(TestService.ANDORRA_LA_VELLA), immutable);
        byte[] firstHalf = Arrays.copyOf(
                service.get(immutable, TestService.PLANNER).body(),
                (int) started.bundle().size() / 2); // the link drops here

        HttpResponse<String> put = service.send(
                "PUT",
                "/v1/boundaries/" + TestService.ANDORRA_LA_VELLA,
                TestService.PLANNER,
                TestService.squareWithin(TestService.ANDORRA_LA_VELLA, 0.02));
        assertEquals(202, put.statusCode(), put.body());
        Map<String, Object> update = ApiJson.MAPPER.readValue(put.body(), Map.class);
        String jobId = (String) ((Map<String, Object>) update.get("job")).get("id");
        assertEquals("SUCCEEDED", service.awaitJob(jobId, TestService.PLANNER).get("state"));
        assertNotEquals(
                started.bundle().sha256(),
                manifest(TestService.ANDORRA_LA_VELLA).bundle().sha256());
        assertNotEquals(
                immutable,
                service.get(mutable, TestService.PLANNER)
                        .headers()
                        .firstValue("Location")
                        .orElseThrow());

        // like curl -C -: Range without If-Range, on the URL the download started from
        HttpResponse<byte[]> rest =
                service.get(immutable, TestService.PLANNER, "Range", "bytes=" + firstHalf.length + "-");
        assertEquals(206, rest.statusCode());
        assertEquals(started.bundle().sha256(), sha256(concat(firstHalf, rest.body())));
    }

    @Test
    void theManifestNamesItsBundleAndTheBundleHoldsTheManifestWithoutThatField() throws Exception {
        PackManifest manifest = manifest(TestService.ENCAMP);
        byte[] bundle = service.get(bundlePath(TestService.ENCAMP), TestService.FIELD_WORKER)
                .body();
        assertEquals(manifest.bundle().size(), bundle.length);
        assertEquals(manifest.bundle().sha256(), sha256(bundle));
        try (java.util.zip.ZipInputStream zip =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle))) {
            assertEquals(PackManifest.FILE_NAME, zip.getNextEntry().getName());
            PackManifest inside = PartJson.MAPPER.readValue(zip.readAllBytes(), PackManifest.class);
            assertEquals(null, inside.bundle());
            assertEquals(manifest.parts(), inside.parts());
            assertEquals(manifest.withBundle(null), inside);
        }
    }

    static PackManifest manifestOf(byte[] json) throws IOException {
        return PartJson.MAPPER.readValue(json, PackManifest.class);
    }

    static String bundlePath(String boundaryId) throws Exception {
        return "/v1/parts/" + manifest(boundaryId).bundle().sha256();
    }

    static PackManifest manifest(String boundaryId) throws Exception {
        return PartJson.MAPPER.readValue(
                service.get("/v1/packs/" + boundaryId + "/manifest", TestService.ADMIN)
                        .body(),
                PackManifest.class);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
