package org.offlinepacks.tilepacker.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * What the cache knows of a tile, without its bytes: whether it holds one (or knows the server has
 * none), the validators for a conditional request, when the server last confirmed it, and whether
 * its bytes were checked complete.
 */
public record CacheStatus(boolean hasTile, String etag, String lastModified, Instant fetchedAt, boolean checked) {
    public boolean isStale(Instant now, Duration maxAge) {
        return fetchedAt.plus(maxAge).isBefore(now) || maxAge.isZero();
    }

    /** Whether a conditional request (If-None-Match / If-Modified-Since) can revalidate it. */
    public boolean canRevalidate() {
        return hasTile && (etag != null || lastModified != null);
    }
}
