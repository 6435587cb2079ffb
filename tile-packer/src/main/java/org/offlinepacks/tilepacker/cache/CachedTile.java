package org.offlinepacks.tilepacker.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A tile as the upstream server last gave it.
 *
 * @param data the tile bytes, or null when the server said there is no tile here (404/204)
 * @param etag the ETag header, or null
 * @param lastModified the Last-Modified header, or null
 * @param fetchedAt when the server last confirmed this content (a 200 or a 304)
 * @param checked whether the bytes passed {@link
 *     org.offlinepacks.tilepacker.format.TileCompleteness} when stored; tiles cached by versions
 *     that did not check are checked once when next read
 */
public record CachedTile(byte[] data, String etag, String lastModified, Instant fetchedAt, boolean checked) {
    public CachedTile {
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** A tile whose bytes have just been checked. */
    public CachedTile(byte[] data, String etag, String lastModified, Instant fetchedAt) {
        this(data, etag, lastModified, fetchedAt, true);
    }

    public static CachedTile absent(Instant fetchedAt) {
        return new CachedTile(null, null, null, fetchedAt);
    }

    public boolean isAbsent() {
        return data == null;
    }

    public boolean isStale(Instant now, Duration maxAge) {
        return fetchedAt.plus(maxAge).isBefore(now) || maxAge.isZero();
    }

    /** Whether a conditional request (If-None-Match / If-Modified-Since) can revalidate it. */
    public boolean canRevalidate() {
        return data != null && (etag != null || lastModified != null);
    }
}
