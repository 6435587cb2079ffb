package org.offlinepacks.api.upload;

/**
 * How big an uploaded entry file may be. Devices read these (endpoint and response header) and
 * split their unsynced entries into files that fit.
 *
 * @param maxFileBytes the file as sent (gzip or not)
 * @param maxDecompressedBytes the file after gzip decompression, against gzip bombs
 * @param maxEntryBytes one NDJSON line; a longer line is rejected on its own
 * @param maxEntries lines per file; a file with more is refused whole
 */
public record UploadLimits(long maxFileBytes, long maxDecompressedBytes, int maxEntryBytes, int maxEntries) {
    public UploadLimits {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
        if (maxDecompressedBytes < maxFileBytes) {
            throw new IllegalArgumentException("maxDecompressedBytes (" + maxDecompressedBytes
                    + ") must be at least maxFileBytes (" + maxFileBytes + ")");
        }
        if (maxEntryBytes < 256) {
            throw new IllegalArgumentException("maxEntryBytes must be at least 256, got " + maxEntryBytes);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
    }

    /** 32 MiB sent, 128 MiB decompressed, 64 KiB per entry, 200,000 entries. */
    public static UploadLimits defaults() {
        return new UploadLimits(32L << 20, 128L << 20, 64 << 10, 200_000);
    }

    /** The value of the {@code Upload-Limits} response header. */
    public String headerValue() {
        return "max-file-bytes=" + maxFileBytes + ", max-decompressed-bytes=" + maxDecompressedBytes
                + ", max-entry-bytes=" + maxEntryBytes + ", max-entries=" + maxEntries;
    }
}
