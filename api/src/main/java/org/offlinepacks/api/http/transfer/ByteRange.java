package org.offlinepacks.api.http.transfer;

import java.util.Optional;

/**
 * One byte range of a {@code Range: bytes=...} header, resolved against the file size.
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
record ByteRange(long first, long last) {
    /** The range cannot be served from this file: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /**
     * The range to send, {@link #UNSATISFIABLE}, or empty when the header is to be ignored (absent,
     * malformed, not bytes, or several ranges: the whole file is a valid answer to all of them).
     */
    static Optional<ByteRange> parse(String header, long size) {
        // the unit is case-insensitive (RFC 9110 §14.1)
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6) || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) { // suffix: the last N bytes
                long suffix = Long.parseLong(to);
                if (suffix < 0) {
                    return Optional.empty();
                }
                return Optional.of(
                        suffix == 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
            if (first < 0 || (!to.isEmpty() && last < first)) {
                return Optional.empty();
            }
            return Optional.of(first >= size ? UNSATISFIABLE : new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
