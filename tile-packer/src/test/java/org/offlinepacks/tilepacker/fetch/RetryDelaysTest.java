package org.offlinepacks.tilepacker.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryDelaysTest {
    private final RetryDelays delays = new RetryDelays(Duration.ofMillis(100), Duration.ofSeconds(10));

    @ParameterizedTest(name = "retry {0}: between {1} and {2} ms")
    @CsvSource({"0, 50, 100", "1, 100, 200", "3, 400, 800", "10, 5000, 10000", "40, 5000, 10000"})
    void backoffDoublesWithJitterUpToTheCap(int attempt, long min, long max) {
        for (int i = 0; i < 200; i++) {
            long d = delays.backoffMillis(attempt);
            assertTrue(d >= min && d <= max, "attempt " + attempt + ": " + d);
        }
    }

    @ParameterizedTest(name = "Retry-After: {0} -> {1} ms")
    @CsvSource({"1, 1000", "0, 0", "120, 10000", "' 3 ', 3000"})
    void retryAfterSecondsAreHonouredUpToTheCap(String header, long expected) {
        assertEquals(expected, delays.delayMillis(0, Optional.of(header)));
    }

    @Test
    void retryAfterHttpDateIsHonoured() {
        String inTwoSeconds =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(3));
        long d = delays.delayMillis(0, Optional.of(inTwoSeconds));
        assertTrue(d > 1000 && d <= 3000, "delay " + d);
    }

    @Test
    void unparseableRetryAfterFallsBackToBackoff() {
        long d = delays.delayMillis(2, Optional.of("soon"));
        assertTrue(d >= 200 && d <= 400, "delay " + d);
    }

    @Test
    void rateLimiterSpacesRequestsToOneHost() throws InterruptedException {
        HostRateLimiter limiter = new HostRateLimiter(50);
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            limiter.acquire("tiles.example.org");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 190, "11 requests at 50/s took only " + ms + " ms");
        long other = System.nanoTime();
        limiter.acquire("other.example.org");
        assertTrue((System.nanoTime() - other) / 1_000_000 < 50, "another host must not wait");
    }
}
