package org.offlinepacks.boundarydata.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestObjectStores.Kind.class)
    void storesReadsListsCopiesAndRemovesObjects(TestObjectStores.Kind kind) throws Exception {
        try (ObjectStore store = TestObjectStores.open(kind, dir)) {
            Path file = Files.write(dir.resolve("tiles.mbtiles"), bytes(70_000, 1));
            store.put("packs/b-1/1/tiles.mbtiles", file);
            store.put("packs/b-1/1/forms.json", "{}".getBytes(StandardCharsets.UTF_8));
            store.put("packs/b-10/1/forms.json", "[]".getBytes(StandardCharsets.UTF_8));
            store.copy("packs/b-1/1/tiles.mbtiles", "packs/b-1/2/tiles.mbtiles");

            assertEquals(OptionalLong.of(70_000), store.size("packs/b-1/2/tiles.mbtiles"));
            assertEquals(OptionalLong.empty(), store.size("packs/b-1/3/tiles.mbtiles"));
            try (InputStream in = store.open("packs/b-1/2/tiles.mbtiles")) {
                assertArrayEquals(bytes(70_000, 1), in.readAllBytes());
            }
            assertArrayEquals(
                    Files.readAllBytes(file), Files.readAllBytes(store.localFile("packs/b-1/1/tiles.mbtiles")));
            assertEquals(
                    List.of("packs/b-1/1/forms.json", "packs/b-1/1/tiles.mbtiles", "packs/b-1/2/tiles.mbtiles"),
                    store.list("packs/b-1/"));
            assertEquals(List.of("packs/b-10/1/forms.json"), store.list("packs/b-10/"));

            store.deleteAll("packs/b-1/1/");
            assertEquals(List.of("packs/b-1/2/tiles.mbtiles"), store.list("packs/b-1/"));
            store.delete("packs/b-1/2/tiles.mbtiles");
            store.delete("packs/b-1/2/tiles.mbtiles"); // none: no error
            assertEquals(List.of(), store.list("packs/b-1/"));

            assertThrows(NoSuchFileException.class, () -> store.open("packs/none"));
            assertThrows(NoSuchFileException.class, () -> store.localFile("packs/none"));
            assertThrows(NoSuchFileException.class, () -> store.copy("packs/none", "packs/other"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestObjectStores.Kind.class)
    void aKeyThatIsNoSafePathIsRefusedWithTheReason(TestObjectStores.Kind kind) {
        try (ObjectStore store = TestObjectStores.open(kind, dir)) {
            for (String key : List.of("../etc/passwd", "packs//x", "packs/.hidden", "/abs", "a b")) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> store.put(key, new byte[1]), key);
                assertTrue(e.getMessage().contains(key), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestObjectStores.Kind.class)
    void requestsForOneObjectAtOnceAllGetItWhole(TestObjectStores.Kind kind) throws Exception {
        try (ObjectStore store = TestObjectStores.open(kind, dir)) {
            byte[] bundle = bytes(3_000_000, 7);
            store.put("packs/b/1/bundle.zip", bundle);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> reads = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    reads.add(pool.submit(() -> Files.readAllBytes(store.localFile("packs/b/1/bundle.zip"))));
                }
                for (Future<byte[]> read : reads) {
                    assertArrayEquals(bundle, read.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theDataFolderKeepsObjectsAsPlainFilesAtTheirKeyAndLeavesNothingElse() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        try (FolderObjectStore store = new FolderObjectStore(root)) {
            store.put("packs/b/1/forms.json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("{}", Files.readString(root.resolve("packs/b/1/forms.json")));
            try (var files = Files.list(root.resolve("packs/b/1"))) {
                assertEquals(List.of(root.resolve("packs/b/1/forms.json")), files.toList());
            }
            store.deleteAll("packs/b/1/");
            assertFalse(Files.exists(root.resolve("packs/b/1")));
        }
    }

    @Test
    void largeFilesGoToS3InPartsAndComeBackWhole() throws Exception {
        try (S3ObjectStore store = S3ObjectStore.open(
                TestObjectStores.newBucket(), dir.resolve("cache"), 6 << 20, S3ObjectStore.MIN_PART_BYTES)) {
            byte[] large = bytes(12 << 20, 3);
            store.put("packs/b/1/routing.ghz", Files.write(dir.resolve("routing.ghz"), large));
            assertEquals(OptionalLong.of(large.length), store.size("packs/b/1/routing.ghz"));
            assertArrayEquals(large, Files.readAllBytes(store.localFile("packs/b/1/routing.ghz")));
        }
    }

    @Test
    void aDeviceUploadsStraightToTheBucketWithPresignedUrls() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ObjectStore store = TestObjectStores.open(TestObjectStores.Kind.S3, dir)) {
            DirectUploads direct = store.directUploads().orElseThrow();
            byte[] small = bytes(1000, 4);
            URI put = direct.put("uploads/direct/a", small.length, Duration.ofMinutes(5));
            assertEquals(
                    200,
                    http.send(
                                    HttpRequest.newBuilder(put)
                                            .PUT(HttpRequest.BodyPublishers.ofByteArray(small))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode());
            try (InputStream in = store.open("uploads/direct/a")) {
                assertArrayEquals(small, in.readAllBytes());
            }

            byte[] large = bytes(S3ObjectStore.MIN_PART_BYTES + 1000, 5);
            DirectUploads.Multipart multipart = direct.startMultipart("uploads/direct/b", 2, Duration.ofMinutes(5));
            assertEquals(2, multipart.partUrls().size());
            sendPart(http, multipart.partUrls().get(1), large, S3ObjectStore.MIN_PART_BYTES, large.length);
            NoSuchFileException missing = assertThrows(
                    NoSuchFileException.class,
                    () -> direct.completeMultipart("uploads/direct/b", multipart.uploadId(), 2));
            assertTrue(missing.getMessage().contains("part 1 of 2"), missing.getMessage());
            sendPart(http, multipart.partUrls().get(0), large, 0, S3ObjectStore.MIN_PART_BYTES);
            direct.completeMultipart("uploads/direct/b", multipart.uploadId(), 2);
            try (InputStream in = store.open("uploads/direct/b")) {
                assertArrayEquals(large, in.readAllBytes());
            }
        }
    }

    @Test
    void presignedUrlsNameThePublicEndpointWhenTheServiceReachesTheStorageByAnotherName() throws Exception {
        URI internal = TestObjectStores.endpoint(); // http://127.0.0.1:PORT, as the service reaches it
        URI external = URI.create("http://localhost:" + internal.getPort()); // as devices would
        StorageConfig config = StorageConfig.parse(
                "s3://test-bucket-public?region=us-east-1&endpoint=" + internal + "&publicEndpoint=" + external,
                TestObjectStores.environment());
        assertTrue(config.toString().contains("devices upload at " + external), config.toString());
        try (S3ObjectStore store = S3ObjectStore.open(config, dir.resolve("cache"))) {
            byte[] small = bytes(1000, 6);
            URI put = store.put("uploads/direct/public", small.length, Duration.ofMinutes(5));
            assertEquals("localhost", put.getHost(), put.toString());
            HttpResponse<Void> sent = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(put)
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(small))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertEquals(200, sent.statusCode(), "signed for the name the device uses");
            try (InputStream in = store.open("uploads/direct/public")) {
                assertArrayEquals(small, in.readAllBytes());
            }
        }
        IllegalArgumentException notAUrl = assertThrows(
                IllegalArgumentException.class,
                () -> StorageConfig.parse(
                        "s3://b-public?region=r&endpoint=" + internal + "&publicEndpoint=files.example.org",
                        TestObjectStores.environment()));
        assertTrue(notAUrl.getMessage().contains("publicEndpoint"), notAUrl.getMessage());
    }

    private static void sendPart(HttpClient http, URI url, byte[] bytes, int from, int to) throws Exception {
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(url)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, from, to - from))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode());
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aNodeKeepsCopiesOfObjectsWithinItsBudgetAndFetchesAnEvictedOneAgain() throws Exception {
        StorageConfig bucket = TestObjectStores.newBucket();
        StorageConfig oneMegabyte = new StorageConfig(
                bucket.bucket(),
                bucket.prefix(),
                bucket.endpoint(),
                null,
                bucket.region(),
                bucket.accessKeyId(),
                bucket.secretAccessKey(),
                1 << 20);
        Path cache = dir.resolve("cache");
        try (S3ObjectStore store = S3ObjectStore.open(oneMegabyte, cache)) {
            for (int i = 1; i <= 3; i++) {
                store.put("packs/b/" + i + "/bundle.zip", bytes(400_000, i));
                assertArrayEquals(
                        bytes(400_000, i), Files.readAllBytes(store.localFile("packs/b/" + i + "/bundle.zip")));
                Thread.sleep(20); // distinct modification times
            }
            assertFalse(Files.exists(cache.resolve("packs/b/1/bundle.zip")), "the copy used least recently is gone");
            assertTrue(Files.exists(cache.resolve("packs/b/3/bundle.zip")));
            assertArrayEquals(bytes(400_000, 1), Files.readAllBytes(store.localFile("packs/b/1/bundle.zip")));
        }
    }
}
