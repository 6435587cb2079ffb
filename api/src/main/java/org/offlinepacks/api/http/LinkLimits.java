package org.offlinepacks.api.http;

import java.time.Duration;

/**
 * How long the service waits for slow devices.
 *
 * @param idleTimeout a connection with no traffic at all for this long is closed
 * @param floorBytesPerSecond a download or upload in progress that moves fewer bytes than this per
 *     second, on average over {@code floorWindow}, is closed
 * @param floorWindow the window of that average
 * @param sendBufferBytes the kernel's send buffer of each connection. Left to itself Linux grows it
 *     to megabytes, so a thousand downloads starting together first copy gigabytes into the kernel
 *     and the last of them waits seconds for its first byte; a phone at 20 KB/s needs a few KB in flight.
 */
public record LinkLimits(Duration idleTimeout, long floorBytesPerSecond, Duration floorWindow, int sendBufferBytes) {
    public static final int DEFAULT_SEND_BUFFER_BYTES = 64 * 1024;
    public static final LinkLimits DEFAULTS =
            new LinkLimits(Duration.ofSeconds(60), 100, Duration.ofSeconds(60), DEFAULT_SEND_BUFFER_BYTES);

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
        if (sendBufferBytes < 4096 || sendBufferBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "the send buffer must be 4096 bytes to 16 MiB, found " + sendBufferBytes);
        }
    }
}
