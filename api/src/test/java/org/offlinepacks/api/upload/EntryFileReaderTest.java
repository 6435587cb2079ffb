package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryFileReaderTest {
    private static final UploadLimits LIMITS = new UploadLimits(1 << 20, 4 << 20, 256, 5);

    private static List<String> read(byte[] file, UploadLimits limits) throws IOException {
        List<String> lines = new ArrayList<>();
        new EntryFileReader(limits).read(new ByteArrayInputStream(file), new EntryFileReader.LineHandler() {
            @Override
            public void line(int lineNumber, byte[] bytes, int length) {
                lines.add(lineNumber + ":" + new String(bytes, 0, length, StandardCharsets.UTF_8));
            }

            @Override
            public void oversized(int lineNumber, long length) {
                lines.add(lineNumber + ":oversized " + length);
            }
        });
        return lines;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void numbersLinesSkippingBlankOnesAndAcceptsCrlfAndAMissingFinalNewline() throws IOException {
        assertEquals(
                List.of("1:{\"a\":1}", "3:{\"b\":2}", "4:{\"c\":3}"),
                read(utf8("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}"), LIMITS));
    }

    @Test
    void readsGzipByItsMagicBytes() throws IOException {
        assertEquals(List.of("1:{}", "2:[]"), read(UploadFixtures.gzip(utf8("{}\n[]\n")), LIMITS));
    }

    @Test
    void reportsAnOversizedLineAndGoesOn() throws IOException {
        String big = "x".repeat(300);
        assertEquals(List.of("1:oversized 300", "2:{}"), read(utf8(big + "\n{}\n"), LIMITS));
    }

    @Test
    void refusesMoreEntriesThanTheLimit() {
        UploadException e = assertThrows(UploadException.class, () -> read(utf8("{}\n".repeat(6)), LIMITS));
        assertEquals(UploadException.Reason.TOO_MANY_ENTRIES, e.reason());
    }

    @Test
    void refusesATruncatedGzip() {
        byte[] gzip = UploadFixtures.gzip(utf8("{\"a\":1}\n".repeat(1000)));
        byte[] truncated = Arrays.copyOf(gzip, gzip.length - 20);
        UploadLimits roomy = new UploadLimits(1 << 20, 4 << 20, 256, 10_000);
        UploadException e = assertThrows(UploadException.class, () -> read(truncated, roomy));
        assertEquals(UploadException.Reason.CORRUPT_GZIP, e.reason());
    }

    @Test
    void stopsAGzipBombAtTheDecompressedLimit() {
        byte[] bomb = UploadFixtures.gzip(new byte[8 << 20]);
        UploadException e = assertThrows(UploadException.class, () -> read(bomb, LIMITS));
        assertEquals(UploadException.Reason.DECOMPRESSED_TOO_LARGE, e.reason());
    }
}
