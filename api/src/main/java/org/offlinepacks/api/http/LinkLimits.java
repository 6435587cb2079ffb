package org.offlinepacks.api.http;

import java.time.Duration;

/**
 * How long the service waits for slow devices.
 *
 * @param idleTimeout a connection with no traffic at all for this long is closed
 * @param floorBytesPerSecond a download or upload in progress that moves fewer bytes than this per
 *     second, on average over {@code floorWindow}, is closed
 * @param floorWindow the window of that average
 */
public record LinkLimits(Duration idleTimeout, long floorBytesPerSecond, Duration floorWindow) {
    public static final LinkLimits DEFAULTS = new LinkLimits(Duration.ofSeconds(60), 100, Duration.ofSeconds(60));

    public LinkLimits {
        if (idleTimeout.toMillis() < 100 || idleTimeout.toHours() > 1) {
            throw new IllegalArgumentException("idle timeout must be 0.1 s to 1 h, found " + idleTimeout);
        }
        if (floorBytesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "the slow-link floor must be 0 (off) or more bytes/s, found " + floorBytesPerSecond);
        }
        if (floorWindow.toMillis() < 100 || floorWindow.toHours() > 1) {
            throw new IllegalArgumentException("the slow-link window must be 0.1 s to 1 h, found " + floorWindow);
        }
    }
}
