package org.offlinepacks.tilepacker.fetch;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one fetch run; thread-safe. */
public final class FetchStats {
    public static final String MEASURE = "tile-fetches";

    final AtomicLong tiles = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong downloaded = new AtomicLong();
    final AtomicLong notModified = new AtomicLong();
    final AtomicLong noTile = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong staleKept = new AtomicLong();
    final AtomicLong brokenBodies = new AtomicLong();
    final AtomicLong evicted = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    /** Tiles handled so far (from cache, fetched, absent or failed). */
    public long tiles() {
        return tiles.get();
    }

    /** Tiles used from the cache without asking the server. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** HTTP requests sent, retries included. */
    public long requests() {
        return requests.get();
    }

    /** Tiles received with 200. */
    public long downloaded() {
        return downloaded.get();
    }

    /** Stale cached tiles the server confirmed with 304. */
    public long notModified() {
        return notModified.get();
    }

    /** Tiles the server does not have (404, 204). */
    public long noTile() {
        return noTile.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Tiles that could not be had (after retries), including {@link #invalid()}. */
    public long failed() {
        return failed.get();
    }

    /** Tiles whose bytes were not the declared format. */
    public long invalid() {
        return invalid.get();
    }

    /** Stale cached tiles kept because revalidation failed. */
    public long staleKept() {
        return staleKept.get();
    }

    /**
     * Responses of the right format whose body was short or broken (cut before the format's end,
     * not the Content-Length announced, a failed checksum): retried like a 5xx.
     */
    public long brokenBodies() {
        return brokenBodies.get();
    }

    /** Cached tiles found broken when read (cached before tiles were checked) and fetched again. */
    public long evicted() {
        return evicted.get();
    }

    public long bytesDownloaded() {
        return bytes.get();
    }

    /** Hands the outcomes to {@code progress} as the {@code tile-fetches} measure, for the service's metrics. */
    public void report(org.offlinepacks.boundarydata.progress.ProgressListener progress) {
        progress.counted(MEASURE, "cache-hit", cacheHits());
        progress.counted(MEASURE, "downloaded", downloaded());
        progress.counted(MEASURE, "not-modified", notModified());
        progress.counted(MEASURE, "no-tile", noTile());
        progress.counted(MEASURE, "failed", failed() - invalid());
        progress.counted(MEASURE, "invalid", invalid());
        progress.counted(MEASURE, "stale-kept", staleKept());
        progress.counted(MEASURE, "retry", retries());
    }

    @Override
    public String toString() {
        return String.format(
                "%d tiles: %d from cache, %d downloaded, %d revalidated (304), %d without tile (404/204),"
                        + " %d failed (%d invalid), %d stale kept, %d broken cached tiles evicted;"
                        + " %d requests, %d retries, %d broken bodies, %d bytes",
                tiles(),
                cacheHits(),
                downloaded(),
                notModified(),
                noTile(),
                failed(),
                invalid(),
                staleKept(),
                evicted(),
                requests(),
                retries(),
                brokenBodies(),
                bytesDownloaded());
    }
}
