package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentDigestTest {
    private static final String HELLO_SHA256 = UploadFixtures.sha256("hello".getBytes(StandardCharsets.UTF_8));

    @Test
    void readsTheSha256MemberOfAnRfc9530Header() {
        String header = "sha-256=:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=:";
        assertEquals(HELLO_SHA256, ContentDigest.parseHeader(header));
        assertEquals(HELLO_SHA256, ContentDigest.parseHeader("sha-512=:AAAA:, " + header));
        assertEquals(header, ContentDigest.header(HELLO_SHA256));
    }

    @Test
    void refusesHeadersWithoutAUsableSha256() {
        for (String header : new String[] {null, "", "md5=:AAAA:", "sha-256=LPJNul+wow4m6"}) {
            UploadException e = assertThrows(UploadException.class, () -> ContentDigest.parseHeader(header));
            assertEquals(UploadException.Reason.MISSING_CHECKSUM, e.reason(), header);
        }
        UploadException shortDigest =
                assertThrows(UploadException.class, () -> ContentDigest.parseHeader("sha-256=:AAAA:"));
        assertEquals(UploadException.Reason.MALFORMED_CHECKSUM, shortDigest.reason());
    }

    @Test
    void acceptsHexInEitherCase() {
        assertEquals(HELLO_SHA256, ContentDigest.parseHex(HELLO_SHA256.toUpperCase()));
        assertEquals(
                UploadException.Reason.MALFORMED_CHECKSUM,
                assertThrows(UploadException.class, () -> ContentDigest.parseHex("abc"))
                        .reason());
        assertEquals(
                UploadException.Reason.MISSING_CHECKSUM,
                assertThrows(UploadException.class, () -> ContentDigest.parseHex(""))
                        .reason());
    }
}
