package org.offlinepacks.api.upload;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Splits an entry file (or any NDJSON file of the upload channel: analytics events) into lines:
 * gzip is recognised by its magic bytes and inflated with a cap on the decompressed size; lines
 * longer than the entry limit are reported without being kept in memory; blank lines are skipped
 * but still numbered.
 */
public final class EntryFileReader {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Receives the lines of a file in order; line numbers start at 1. */
    public interface LineHandler {
        void line(int lineNumber, byte[] bytes, int length);

        void oversized(int lineNumber, long length);
    }

    private final UploadLimits limits;

    public EntryFileReader(UploadLimits limits) {
        this.limits = limits;
    }

    /** Reads every line of {@code raw}; throws {@link UploadException} for a file that breaks a limit. */
    public void read(InputStream raw, LineHandler handler) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        InputStream in = isGzip(buffered) ? inflating(buffered) : buffered;
        try {
            split(in, handler);
        } catch (ZipException | EOFException e) {
            throw new UploadException(
                    UploadException.Reason.CORRUPT_GZIP,
                    "the gzip stream is corrupt or truncated (" + e.getMessage() + "); upload the whole file again",
                    e);
        }
    }

    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }

    private InputStream inflating(InputStream in) throws IOException {
        try {
            return new DecompressedSizeLimit(new GZIPInputStream(in, 1 << 16), limits.maxDecompressedBytes());
        } catch (ZipException | EOFException e) {
            throw new UploadException(
                    UploadException.Reason.CORRUPT_GZIP, "the gzip header is corrupt (" + e.getMessage() + ")", e);
        }
    }

    private void split(InputStream in, LineHandler handler) throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[limits.maxEntryBytes()];
        int lineLength = 0;
        long fullLength = 0;
        int lineNumber = 1;
        int entries = 0;
        boolean blank = true;
        for (int read; (read = in.read(chunk)) >= 0; ) {
            for (int i = 0; i < read; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    entries = emit(handler, lineNumber, line, lineLength, fullLength, blank, entries);
                    lineNumber++;
                    lineLength = 0;
                    fullLength = 0;
                    blank = true;
                    continue;
                }
                if (b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
                if (lineLength < line.length) {
                    line[lineLength++] = b;
                }
                fullLength++;
            }
        }
        emit(handler, lineNumber, line, lineLength, fullLength, blank, entries);
    }

    private int emit(
            LineHandler handler, int lineNumber, byte[] line, int length, long fullLength, boolean blank, int entries) {
        if (blank) {
            return entries;
        }
        if (entries == limits.maxEntries()) {
            throw new UploadException(
                    UploadException.Reason.TOO_MANY_ENTRIES,
                    "the file has more than " + limits.maxEntries() + " entries; split it into files of at most "
                            + limits.maxEntries() + " entries");
        }
        if (length > 0 && line[length - 1] == '\r' && fullLength == length) {
            length--;
            fullLength--;
        }
        if (fullLength > line.length) {
            handler.oversized(lineNumber, fullLength);
        } else {
            handler.line(lineNumber, line, length);
        }
        return entries + 1;
    }

    /** Stops a gzip bomb: fails as soon as more than {@code max} bytes come out of the inflater. */
    private static final class DecompressedSizeLimit extends FilterInputStream {
        private final long max;
        private long count;

        DecompressedSizeLimit(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count(read);
            }
            return read;
        }

        private void count(int read) {
            count += read;
            if (count > max) {
                throw new UploadException(
                        UploadException.Reason.DECOMPRESSED_TOO_LARGE,
                        "the file inflates to more than " + max + " bytes; send smaller files");
            }
        }
    }
}
