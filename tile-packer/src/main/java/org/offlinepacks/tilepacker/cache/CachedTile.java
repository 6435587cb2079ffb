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
 */
public record CachedTile(byte[] data, String etag, String lastModified, Instant fetchedAt) {
    public CachedTile {
        Objects.requireNonNull(fetchedAt, "fetchedAt");
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
