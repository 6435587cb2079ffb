package org.offlinepacks.api.accounts;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code atOnce} password hashes at a time, each waiting at most {@code wait} for its turn.
 * Each hash holds 19 MiB while it runs: without a limit, a morning of sign-ins on every request
 * thread (64 by default) would ask for 1.2 GB of heap at once.
 */
final class HashingLimit {
    private final Semaphore turns;
    private final Duration wait;

    HashingLimit(int atOnce, Duration wait) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("at least one hash at a time, not " + atOnce);
        }
        this.turns = new Semaphore(atOnce, true);
        this.wait = wait;
    }

    /** Runs {@code hashing} in its turn, or throws {@link SignInLaterException} (busy) after waiting {@code wait}. */
    <T> T run(Supplier<T> hashing) {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SignInLaterException(
                        SignInLaterException.Reason.BUSY,
                        "the service is checking many passwords at once; try again in a few seconds",
                        wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInLaterException(
                    SignInLaterException.Reason.BUSY, "interrupted while waiting to check a password", wait);
        }
        try {
            return hashing.get();
        } finally {
            turns.release();
        }
    }
}
