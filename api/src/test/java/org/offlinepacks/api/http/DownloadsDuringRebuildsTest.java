package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PartJson;

/**
 * Devices poll the manifest and fetch its parts and the bundle while a planner changes the boundary
 * several times: every answer must belong to one complete, verifiable pack.
 */
class DownloadsDuringRebuildsTest {
    private static final int CLIENTS = 4;
    private static final int REBUILDS = 5;

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void clientsOnlyEverSeeCompleteVerifiablePacks() throws Exception {
        try (TestService service = TestService.start(dataDir)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<String> problems = new CopyOnWriteArrayList<>();
            Set<Long> versionsSeen = ConcurrentHashMap.newKeySet();
            AtomicInteger partsChecked = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> running = new java.util.ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    running.add(clients.submit(() -> {
                        while (!stop.get()) {
                            try {
                                poll(service, problems, versionsSeen, partsChecked);
                            } catch (Exception e) {
                                problems.add("client failed: " + e);
                            }
                        }
                    }));
                }
                for (int i = 0; i < REBUILDS; i++) {
                    HttpResponse<String> put = service.send(
                            "PUT",
                            "/v1/boundaries/" + TestService.ENCAMP,
                            TestService.PLANNER,
                            TestService.square(0.02 + 0.002 * i));
                    assertEquals(202, put.statusCode(), put.body());
                    String jobId = (String)
                            ((Map<String, Object>) AccessControlTest.error(put).get("job")).get("id");
                    assertEquals(
                            "SUCCEEDED",
                            service.awaitJob(jobId, TestService.PLANNER).get("state"));
                }
                stop.set(true);
                for (Future<?> client : running) {
                    client.get();
                }
            } finally {
                stop.set(true);
                clients.shutdownNow();
            }
            assertEquals(List.of(), problems);
            assertTrue(versionsSeen.size() >= 2, "clients saw versions " + versionsSeen);
            assertTrue(partsChecked.get() > 0);
        }
    }

    private static void poll(TestService service, List<String> problems, Set<Long> versionsSeen, AtomicInteger parts)
            throws Exception {
        HttpResponse<byte[]> response =
                service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
        if (response.statusCode() != 200) {
            problems.add("manifest answered " + response.statusCode());
            return;
        }
        String etag = response.headers().firstValue("ETag").orElseThrow();
        if (!etag.equals("\"" + DownloadChannelTest.sha256(response.body()) + "\"")) {
            problems.add("manifest body does not match its ETag");
        }
        PackManifest manifest = PartJson.MAPPER.readValue(response.body(), PackManifest.class);
        versionsSeen.add(manifest.packVersion());
        for (PackManifest.Part part : manifest.parts()) {
            HttpResponse<byte[]> body = service.get("/v1/parts/" + part.sha256(), TestService.FIELD_WORKER);
            if (body.statusCode() == 404 && !stillKept(service, manifest)) {
                return; // the client fell more than the kept versions behind: it fetches the manifest again
            }
            if (body.statusCode() != 200
                    || body.body().length != part.size()
                    || !DownloadChannelTest.sha256(body.body()).equals(part.sha256())) {
                problems.add("part " + part.path() + " of version " + manifest.packVersion() + " answered "
                        + body.statusCode() + " with " + body.body().length + " bytes");
            }
            parts.incrementAndGet();
        }
        HttpResponse<byte[]> bundle =
                service.get("/v1/parts/" + manifest.bundle().sha256(), TestService.FIELD_WORKER);
        if (bundle.statusCode() == 404 && !stillKept(service, manifest)) {
            return;
        }
        if (bundle.statusCode() != 200
                || bundle.body().length != manifest.bundle().size()
                || !DownloadChannelTest.sha256(bundle.body())
                        .equals(manifest.bundle().sha256())) {
            problems.add("bundle of version " + manifest.packVersion() + " answered " + bundle.statusCode() + " with "
                    + bundle.body().length + " bytes");
        }
    }

    private static boolean stillKept(TestService service, PackManifest manifest) {
        return new PackRepository(service.dataDir)
                .version(manifest.boundaryId(), manifest.packVersion())
                .isPresent();
    }
}
