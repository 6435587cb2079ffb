package org.offlinepacks.api.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a lease in the database lasts and how often its holder renews it. A holder that stops
 * renewing (killed, frozen, cut off from the database) loses the lease once {@code lease} has
 * passed since its last renewal; another node may then take the work over.
 *
 * @param lease how long a renewal keeps the lease
 * @param heartbeat how often the holder renews it; at most half the lease, so one late renewal
 *     does not lose it
 */
public record LeaseTerms(Duration lease, Duration heartbeat) {
    public static final LeaseTerms DEFAULTS = new LeaseTerms(Duration.ofSeconds(30), Duration.ofSeconds(2));

    public LeaseTerms {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.toMillis() < 10) {
            throw new IllegalArgumentException("the lease heartbeat must be at least 10 ms, found " + heartbeat);
        }
        if (heartbeat.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException("the lease heartbeat (" + heartbeat.toMillis()
                    + " ms) must be at most half the lease (" + lease.toMillis()
                    + " ms), or a late renewal loses it");
        }
    }
}
