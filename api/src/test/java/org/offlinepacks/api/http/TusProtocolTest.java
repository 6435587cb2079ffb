package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tus 1.0 as the protocol's text has it: core, creation, creation-with-upload, termination, expiration, checksum. */
class TusProtocolTest {
    private static final String TUS = "\r\nTus-Resumable: 1.0.0";

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

    private static String head(String requestLine) {
        return requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestService.FIELD_WORKER;
    }

    private static String create(long length, String extra) throws Exception {
        RawHttp.Answer created =
                RawHttp.send(port, head("POST /v1/files") + TUS + "\r\nUpload-Length: " + length + extra);
        assertEquals(201, created.status(), created.body());
        return created.header("Location");
    }

    private static RawHttp.Answer patch(String location, long offset, String chunk, String extra) throws Exception {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(
                port,
                head("PATCH " + location) + TUS + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: "
                        + offset + "\r\nContent-Length: " + bytes.length + extra,
                bytes);
    }

    private static long offsetOf(String location) throws Exception {
        RawHttp.Answer head = RawHttp.send(port, head("HEAD " + location) + TUS);
        assertEquals(200, head.status());
        return Long.parseLong(head.header("Upload-Offset"));
    }

    @Test
    void optionsTellsWhatTheServerSpeaksWithoutAToken() throws Exception {
        RawHttp.Answer options = RawHttp.send(port, "OPTIONS /v1/files HTTP/1.1\r\nHost: x");
        assertEquals(204, options.status());
        assertEquals("1.0.0", options.header("Tus-Version"));
        assertEquals(
                Set.of("creation", "creation-with-upload", "termination", "expiration", "checksum"),
                Set.of(options.header("Tus-Extension").split(",")));
        assertEquals(Long.toString(32L << 20), options.header("Tus-Max-Size"));
        assertTrue(options.header("Tus-Checksum-Algorithm").contains("sha256"));
        assertNull(options.header("Content-Type"));
    }

    @Test
    void aVersionTheServerDoesNotSpeakIs412WithTheVersionsItDoes() throws Exception {
        for (String version : new String[] {"", "\r\nTus-Resumable: 0.2.2"}) {
            RawHttp.Answer refused = RawHttp.send(port, head("POST /v1/files") + version + "\r\nUpload-Length: 10");
            assertEquals(412, refused.status());
            assertEquals("1.0.0", refused.header("Tus-Version"));
            assertEquals("1.0.0", refused.header("Tus-Resumable"));
        }
    }

    @Test
    void creationAnswersWhereAndUntilWhenAndHeadEchoesTheMetadata() throws Exception {
        String metadata = "filename ZW50cmllcy5uZGpzb24=,is_confidential";
        RawHttp.Answer created = RawHttp.send(
                port, head("POST /v1/files") + TUS + "\r\nUpload-Length: 5\r\nUpload-Metadata: " + metadata);
        assertEquals(201, created.status());
        assertEquals("0", created.header("Upload-Offset"));
        assertEquals("1.0.0", created.header("Tus-Resumable"));
        ZonedDateTime expires =
                ZonedDateTime.parse(created.header("Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(expires.isAfter(ZonedDateTime.now().plus(Duration.ofDays(13))), expires.toString());

        RawHttp.Answer head = RawHttp.send(port, head("HEAD " + created.header("Location")) + TUS);
        assertEquals("0", head.header("Upload-Offset"));
        assertEquals("5", head.header("Upload-Length"));
        assertEquals(metadata, head.header("Upload-Metadata"));
        assertEquals("no-store", head.header("Cache-Control"));
        assertEquals("", head.body());
    }

    @Test
    void creationWithUploadKeepsTheFirstChunk() throws Exception {
        byte[] first = "hello".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer created = RawHttp.send(
                port,
                head("POST /v1/files") + TUS
                        + "\r\nUpload-Length: 11\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 5",
                first);
        assertEquals(201, created.status(), created.body());
        assertEquals("5", created.header("Upload-Offset"));
        RawHttp.Answer rest = patch(created.header("Location"), 5, " world", "");
        assertEquals(204, rest.status());
        assertEquals("11", rest.header("Upload-Offset"));
        assertNull(rest.header("Content-Type"));
    }

    @Test
    void aChunkIsSentAsOffsetOctetStreamAtTheServersOffset() throws Exception {
        String location = create(10, "");
        RawHttp.Answer wrongType = RawHttp.send(
                port,
                head("PATCH " + location) + TUS
                        + "\r\nContent-Type: text/plain\r\nUpload-Offset: 0\r\nContent-Length: 3",
                "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, wrongType.status());
        assertEquals(204, patch(location, 0, "abc", "").status());
        RawHttp.Answer conflict = patch(location, 0, "abc", "");
        assertEquals(409, conflict.status());
        assertEquals(3, offsetOf(location));
        RawHttp.Answer tooMuch = patch(location, 3, "defghijklmnop", "");
        assertEquals(413, tooMuch.status());
    }

    @Test
    void aChunkWhoseChecksumDoesNotMatchIs460AndNothingOfItIsKept() throws Exception {
        String location = create(6, "");
        RawHttp.Answer mismatch = patch(location, 0, "abc", "\r\nUpload-Checksum: sha256 " + sha256("abx"));
        assertEquals(460, mismatch.status(), mismatch.body());
        assertEquals(0, offsetOf(location));
        RawHttp.Answer match = patch(location, 0, "abc", "\r\nUpload-Checksum: sha256 " + sha256("abc"));
        assertEquals(204, match.status());
        assertEquals(3, offsetOf(location));
        RawHttp.Answer unknown = patch(location, 3, "def", "\r\nUpload-Checksum: crc99 AAAA");
        assertEquals(400, unknown.status());
    }

    @Test
    void clientsThatCannotSendPatchOverrideAPost() throws Exception {
        String location = create(3, "");
        RawHttp.Answer overridden = RawHttp.send(
                port,
                head("POST " + location) + TUS
                        + "\r\nX-HTTP-Method-Override: PATCH\r\nContent-Type: application/offset+octet-stream"
                        + "\r\nUpload-Offset: 0\r\nContent-Length: 3",
                "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(204, overridden.status(), overridden.body());
        assertEquals(3, offsetOf(location));
    }

    @Test
    void terminationRemovesTheUpload() throws Exception {
        String location = create(3, "");
        RawHttp.Answer deleted = RawHttp.send(port, head("DELETE " + location) + TUS);
        assertEquals(204, deleted.status());
        RawHttp.Answer gone = RawHttp.send(port, head("HEAD " + location) + TUS);
        assertEquals(404, gone.status());
        assertEquals("1.0.0", gone.header("Tus-Resumable"));
    }

    private static String sha256(String text) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
