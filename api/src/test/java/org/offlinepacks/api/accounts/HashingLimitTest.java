package org.offlinepacks.api.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Password hashes take 19 MiB each while they run: a burst of sign-ins runs them a few at a time. */
class HashingLimitTest {
    @Test
    void aBurstOfSignInsHashesAtMostTheLimitAtOnceAndAllFinish() throws Exception {
        HashingLimit limit = new HashingLimit(2, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> signIns = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                signIns.add(threads.submit(() -> limit.run(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(20);
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < signIns.size(); i++) {
                assertEquals(i, signIns.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(2, most.get(), "16 sign-ins at once, 2 hashes at a time");
    }

    @Test
    void aSignInThatCannotStartInTimeIsToldToComeBack() throws Exception {
        HashingLimit limit = new HashingLimit(1, Duration.ofMillis(100));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> limit.run(() -> {
            started.countDown();
            await(release);
            return null;
        }));
        holder.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            SignInLaterException busy = assertThrows(SignInLaterException.class, () -> limit.run(() -> 1));
            assertEquals(SignInLaterException.Reason.BUSY, busy.reason());
            assertEquals(Duration.ofMillis(100), busy.retryAfter());
        } finally {
            release.countDown();
            holder.join();
        }
        assertEquals(1, limit.run(() -> 1), "once the hash in progress is done, the next one runs");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
