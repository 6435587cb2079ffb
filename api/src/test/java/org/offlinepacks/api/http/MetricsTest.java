package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.metrics.MetricsAccess;
import org.offlinepacks.api.metrics.PrometheusText;
import org.offlinepacks.api.upload.ContentDigest;

/** {@code /metrics} scraped as Prometheus would, after a build, a download and an upload. */
class MetricsTest {
    private static final String OPERATORS = "token-of-the-operators-scraper";
    private static final String MANIFEST = "/v1/packs/:boundaryId/manifest";

    @TempDir
    Path dataDir;

    @Test
    void theCountersMatchWhatHappened() throws Exception {
        try (TestService service =
                TestService.start(dataDir, config -> config.withMetrics(MetricsAccess.withToken(OPERATORS)))) {
            // a build
            HttpResponse<String> rebuild = service.send(
                    "POST", "/v1/boundaries/" + TestService.ENCAMP + "/rebuild", TestService.PLANNER, null);
            assertEquals(202, rebuild.statusCode(), rebuild.body());
            String jobId = ApiJson.MAPPER.readTree(rebuild.body()).get("id").asText();
            assertEquals(
                    "SUCCEEDED", service.awaitJob(jobId, TestService.PLANNER).get("state"));

            // a download: the manifest twice, one of its parts once
            HttpResponse<byte[]> manifest =
                    service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
            assertEquals(200, manifest.statusCode());
            service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
            String part = ApiJson.MAPPER
                    .readTree(manifest.body())
                    .get("parts")
                    .get(0)
                    .get("sha256")
                    .asText();
            HttpResponse<byte[]> partBody = service.get("/v1/parts/" + part, TestService.FIELD_WORKER);
            assertEquals(200, partBody.statusCode());

            // an upload: two new entries, one sent twice in the file, one rejected
            var kept = household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 4);
            var other = household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 2);
            var broken = household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 3);
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("data")).remove("head_name");
            byte[] file = ndjson(List.of(kept, other, kept, broken));
            HttpResponse<String> upload = service.client.send(
                    service.request("/v1/uploads", TestService.FIELD_WORKER)
                            .header("Content-Digest", ContentDigest.header(sha256(file)))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, upload.statusCode(), upload.body());
            JsonNode counts = ApiJson.MAPPER.readTree(upload.body()).get("counts");

            // a path no route serves
            assertEquals(
                    404,
                    service.get("/v1/no/such/thing-" + UUID.randomUUID(), null).statusCode());

            HttpResponse<byte[]> scraped = service.get("/metrics", OPERATORS);
            assertEquals(200, scraped.statusCode());
            assertTrue(
                    scraped.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            String text = new String(scraped.body(), java.nio.charset.StandardCharsets.UTF_8);
            PrometheusText metrics = PrometheusText.parse(text);

            assertEquals("histogram", metrics.type("http_server_requests_seconds"));
            assertEquals(
                    2,
                    metrics.value(
                            "http_server_requests_seconds_count", "route", MANIFEST, "method", "GET", "status", "200"));
            assertEquals(
                    2,
                    metrics.value(
                            "http_server_requests_seconds_bucket", "route", MANIFEST, "status", "200", "le", "+Inf"));
            assertEquals(1, metrics.value("http_server_requests_seconds_count", "route", "/v1/parts/:sha256"));
            assertEquals(
                    1, metrics.value("http_server_requests_seconds_count", "route", "/v1/uploads", "status", "200"));
            assertEquals(1, metrics.value("http_server_requests_seconds_count", "route", "unmatched", "status", "404"));
            assertFalse(text.contains("/v1/no/such"), "raw paths are never labels");
            assertTrue(
                    metrics.value("http_server_response_body_bytes_total", "route", "/v1/parts/:sha256")
                            >= partBody.body().length,
                    "the bytes sent include the part's body");

            assertEquals(1, metrics.value("pack_builds_seconds_count", "result", "succeeded"));
            assertEquals(0, metrics.value("pack_builds_seconds_count", "result", "failed"));
            assertEquals(1, metrics.value("pack_build_step_seconds_count", "step", "verify"));
            assertEquals(0, metrics.value("jobs_queued"));

            assertEquals(
                    counts.get("accepted").asDouble(), metrics.value("upload_entries_total", "result", "accepted"));
            assertEquals(2, metrics.value("upload_entries_total", "result", "accepted"));
            assertEquals(1, metrics.value("upload_entries_total", "result", "duplicate"));
            assertEquals(1, metrics.value("upload_entries_total", "result", "rejected"));

            assertEquals(0, metrics.value("transfers_in_progress", "direction", "download"));
            assertEquals(0, metrics.value("transfers_in_progress", "direction", "upload"));
            assertTrue(metrics.has("jvm_memory_used_bytes"));
            assertTrue(metrics.has("jetty_threads_busy"));
            assertTrue(metrics.value("db_pool_connections_max", "pool", "campaign") >= 1);

            assertEquals(401, service.get("/metrics", null).statusCode());
            assertEquals(401, service.get("/metrics", TestService.ADMIN).statusCode());
        }
    }

    @Test
    void offThePublicPortTheMetricsHaveTheirOwnListener() throws Exception {
        try (TestService service =
                TestService.start(dataDir, config -> config.withMetrics(MetricsAccess.ownListener("127.0.0.1", 0)))) {
            assertEquals(404, service.get("/metrics", null).statusCode());
            service.get("/v1/health", null);
            HttpResponse<String> scraped = service.client.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + service.application.metricsPort() + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scraped.statusCode());
            PrometheusText metrics = PrometheusText.parse(scraped.body());
            assertEquals(1, metrics.value("http_server_requests_seconds_count", "route", "/v1/health"));
        }
    }

    @Test
    void byDefaultThereAreNoMetricsToRead() throws Exception {
        try (TestService service = TestService.start(dataDir, config -> config)) {
            HttpResponse<byte[]> answer = service.get("/metrics", TestService.ADMIN);
            assertEquals(404, answer.statusCode());
        }
    }
}
