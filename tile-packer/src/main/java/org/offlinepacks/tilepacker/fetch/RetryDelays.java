package org.offlinepacks.tilepacker.fetch;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, and the server's Retry-After when it gives one. */
final class RetryDelays {
    private final long baseMillis;
    private final long maxMillis;

    RetryDelays(Duration base, Duration max) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
    }

    /** Delay before retry number {@code attempt} (0 = first retry): uniform in [d/2, d], d = base·2^attempt. */
    long backoffMillis(int attempt) {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** The delay to wait: what Retry-After says (capped at the maximum) or else the backoff. */
    long delayMillis(int attempt, Optional<String> retryAfter) {
        return retryAfter
                .flatMap(RetryDelays::parseRetryAfterMillis)
                .map(ms -> Math.min(maxMillis, ms))
                .orElseGet(() -> backoffMillis(attempt));
    }

    /** Retry-After is either delta-seconds or an HTTP date. */
    static Optional<Long> parseRetryAfterMillis(String value) {
        String v = value.trim();
        try {
            return Optional.of(Math.max(0, Long.parseLong(v)) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Math.max(
                        0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis()));
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }
}
