package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.upload.ContentDigest;
import org.slf4j.LoggerFactory;

/** The HTTP details a stock client or a careful device team relies on. */
class HttpDetailsTest {
    @TempDir
    static Path dataDir;

    static TestService service;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(dataDir);
        port = service.application.port();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String auth(String token) {
        return "Host: 127.0.0.1\r\nAuthorization: Bearer " + token;
    }

    @Test
    void nothingNewIsA304AsSmallAsItCanBe() throws Exception {
        String path = "/v1/packs/" + TestService.ENCAMP + "/manifest";
        String etag = service.get(path, TestService.FIELD_WORKER)
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        RawHttp.Answer answer = RawHttp.send(
                port, "GET " + path + " HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER) + "\r\nIf-None-Match: " + etag);
        assertEquals(304, answer.status());
        assertEquals(etag, answer.header("ETag"));
        assertEquals(
                Set.of("date", "etag", "cache-control", "vary", "connection"),
                answer.headers().keySet());
        assertTrue(answer.wireBytes() < 300, answer.wireBytes() + " bytes");
    }

    @Test
    void rangeUnitsAreCaseInsensitive() throws Exception {
        PackManifest.Part part = service.manifest(TestService.ENCAMP).parts().get(0);
        RawHttp.Answer answer = RawHttp.send(
                port,
                "GET /v1/parts/" + part.sha256() + " HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER)
                        + "\r\nRange: Bytes=0-9");
        assertEquals(206, answer.status());
        assertEquals("bytes 0-9/" + part.size(), answer.header("Content-Range"));
        assertEquals(10, answer.body().length());
    }

    @Test
    void aKnownPathAskedWithAnotherMethodIs405WithAllow() throws Exception {
        String manifest = "/v1/packs/" + TestService.ENCAMP + "/manifest";
        RawHttp.Answer delete =
                RawHttp.send(port, "DELETE " + manifest + " HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER));
        assertEquals(405, delete.status());
        assertEquals("GET, HEAD, OPTIONS", delete.header("Allow"));
        assertTrue(delete.body().contains("\"error\":\"method-not-allowed\""), delete.body());

        RawHttp.Answer postHealth = RawHttp.send(port, "POST /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0");
        assertEquals(405, postHealth.status());
        assertEquals("GET, HEAD, OPTIONS", postHealth.header("Allow"));

        RawHttp.Answer options = RawHttp.send(port, "OPTIONS /v1/jobs/some-job HTTP/1.1\r\nHost: x");
        assertEquals(204, options.status());
        assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
        assertNull(options.header("Content-Type"));

        RawHttp.Answer unknown = RawHttp.send(port, "GET /v1/nothing-here HTTP/1.1\r\nHost: x");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("\"error\":\"not-found\""), unknown.body());

        RawHttp.Answer head = RawHttp.send(port, "HEAD /v1/health HTTP/1.1\r\nHost: x");
        assertEquals(200, head.status());
        assertEquals("", head.body());
    }

    @Test
    void ifMatchIsHonoured() throws Exception {
        PackManifest.Part part = service.manifest(TestService.ENCAMP).parts().get(0);
        String request = "GET /v1/parts/" + part.sha256() + " HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER);
        RawHttp.Answer other = RawHttp.send(port, request + "\r\nIf-Match: \"another\"");
        assertEquals(412, other.status());
        assertTrue(other.body().contains("\"error\":\"precondition-failed\""), other.body());
        assertEquals(
                200,
                RawHttp.send(port, request + "\r\nIf-Match: \"" + part.sha256() + "\"")
                        .status());
        assertEquals(200, RawHttp.send(port, request + "\r\nIf-Match: *").status());
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws Exception {
        RawHttp.Answer badEncoding = RawHttp.send(port, "GET /v1/parts/%zz HTTP/1.1\r\nHost: x");
        assertEquals(400, badEncoding.status());
        assertJson(badEncoding);

        RawHttp.Answer longUri = RawHttp.send(port, "GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x");
        assertEquals(414, longUri.status());
        assertJson(longUri);

        RawHttp.Answer bigHeader =
                RawHttp.send(port, "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000));
        assertEquals(431, bigHeader.status());
        assertJson(bigHeader);
    }

    private static void assertJson(RawHttp.Answer answer) {
        assertTrue(
                answer.header("Content-Type").startsWith("application/json"),
                answer.headers().toString());
        assertTrue(answer.body().startsWith("{\"error\":\""), answer.body());
    }

    @Test
    void aBodyOverTheRouteLimitIsRefusedAsSoonAsItCrossesItChunkedOrNot() throws Exception {
        RawHttp.Answer declared = RawHttp.send(
                port,
                "PUT /v1/boundaries/" + TestService.ENCAMP + " HTTP/1.1\r\n" + auth(TestService.PLANNER)
                        + "\r\nContent-Length: " + (17 << 20));
        assertEquals(413, declared.status());
        assertTrue(declared.body().contains("\"error\":\"body-too-large\""), declared.body());

        // 200 MB sent chunked to a route that takes 4 KB: refused long before the end
        AtomicLong sent = new AtomicLong();
        try (Socket socket = RawHttp.connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/uploads/registrations HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER)
                            + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    while (sent.get() < 200L << 20) {
                        out.write(chunk);
                        sent.addAndGet(0x10000);
                    }
                } catch (IOException refused) {
                    // the service stopped reading
                }
            });
            RawHttp.Answer refused = RawHttp.read(socket.getInputStream());
            assertEquals(413, refused.status());
            assertEquals("close", refused.header("Connection"));
            socket.close();
            sender.get(10, TimeUnit.SECONDS);
        }
        assertTrue(sent.get() < 32L << 20, "refused after " + sent.get() + " bytes of 200 MB");
    }

    @Test
    void aClientThatStopsMidBodyIsNotAServerError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            stopMidBody("POST /v1/uploads HTTP/1.1\r\n" + auth(TestService.FIELD_WORKER) + "\r\nContent-Digest: "
                    + ContentDigest.header("0".repeat(64)) + "\r\nContent-Length: 10000");
            stopMidBody("PUT /v1/boundaries/" + TestService.ENCAMP + " HTTP/1.1\r\n" + auth(TestService.PLANNER)
                    + "\r\nContent-Length: 10000");
            Thread.sleep(500);
        } finally {
            root.detachAppender(log);
        }
        assertTrue(
                log.list.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN)),
                log.list.toString());
        assertTrue(log.list.stream().allMatch(event -> event.getThrowableProxy() == null), log.list.toString());
    }

    private static void stopMidBody(String head) throws IOException {
        try (Socket socket = RawHttp.connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n" + "{".repeat(100)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
