package org.offlinepacks.tilepacker.fetch;

import java.util.HashMap;
import java.util.Map;

/**
 * Spaces requests to one host at least 1/rate apart, across all worker threads, and pauses a host
 * entirely when it asks us to wait (429 with Retry-After).
 */
final class HostRateLimiter {
    private final long intervalNanos;
    private final Map<String, Long> nextSlotNanos = new HashMap<>();

    HostRateLimiter(double requestsPerSecond) {
        this.intervalNanos = requestsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / requestsPerSecond);
    }

    /** Blocks until this thread may send a request to {@code host}. */
    void acquire(String host) throws InterruptedException {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlotNanos.getOrDefault(host, now));
            nextSlotNanos.put(host, slot + intervalNanos);
            waitNanos = slot - now;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    /** No request goes to {@code host} for {@code millis}. */
    synchronized void pause(String host, long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        nextSlotNanos.merge(host, until, Math::max);
    }
}
