package org.offlinepacks.api.http.transfer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes transfers (downloads and uploads in progress) that move fewer than {@code floorBytesPerSecond}
 * on average over the last {@code window}: a phone that stopped reading, or an upload that trickles
 * a byte now and then, must not keep its file and connection for ever. A connection with no traffic
 * at all is closed earlier by the connector's idle timeout.
 */
public final class SlowLinkGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowLinkGuard.class);

    /** One transfer in progress: count its bytes; close it when done. */
    public final class Transfer implements AutoCloseable {
        private final Direction direction;
        private final String what;
        private final Runnable abort;
        private final AtomicLong bytes = new AtomicLong();
        /** (time, bytes) samples of the last window, oldest first. */
        private final Deque<long[]> samples = new ArrayDeque<>();

        private Transfer(Direction direction, String what, Runnable abort, long now) {
            this.direction = direction;
            this.what = what;
            this.abort = abort;
            samples.add(new long[] {now, 0});
        }

        public void add(long count) {
            bytes.addAndGet(count);
        }

        /** True when it was closed for being too slow. */
        private boolean check(long now) {
            long moved = bytes.get();
            samples.addLast(new long[] {now, moved});
            // keep as the start the newest sample that is at least a window old
            while (samples.size() > 1) {
                long[] oldest = samples.removeFirst();
                if (now - samples.peekFirst()[0] < windowNanos) {
                    samples.addFirst(oldest);
                    break;
                }
            }
            long[] start = samples.peekFirst();
            if (now - start[0] < windowNanos) {
                return false;
            }
            long expected = floorBytesPerSecond * TimeUnit.NANOSECONDS.toSeconds(now - start[0]);
            if (moved - start[1] >= expected) {
                return false;
            }
            LOG.info(
                    "closing {}: {} bytes in the last {} s, under the floor of {} bytes/s",
                    what,
                    moved - start[1],
                    TimeUnit.NANOSECONDS.toSeconds(now - start[0]),
                    floorBytesPerSecond);
            abort.run();
            return true;
        }

        @Override
        public void close() {
            active.remove(this);
        }
    }

    private final long floorBytesPerSecond;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Set<Transfer> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService checker;

    private SlowLinkGuard(
            long floorBytesPerSecond, Duration window, LongSupplier nanoTime, ScheduledExecutorService checker) {
        this.floorBytesPerSecond = floorBytesPerSecond;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.checker = checker;
    }

    /** A guard that checks its transfers ten times per window (at most every 5 s). */
    public static SlowLinkGuard start(long floorBytesPerSecond, Duration window) {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slow-link-guard");
            thread.setDaemon(true);
            return thread;
        });
        SlowLinkGuard guard = new SlowLinkGuard(floorBytesPerSecond, window, System::nanoTime, checker);
        long every = Math.max(100, Math.min(5_000, window.toMillis() / 10));
        checker.scheduleWithFixedDelay(guard::checkAll, every, every, TimeUnit.MILLISECONDS);
        return guard;
    }

    /** Which way a transfer moves bytes, seen from the device. */
    public enum Direction {
        DOWNLOAD,
        UPLOAD
    }

    /** Starts watching a transfer; {@code abort} closes its connection. */
    public Transfer track(Direction direction, String what, Runnable abort) {
        Transfer transfer = new Transfer(direction, what, abort, nanoTime.getAsLong());
        active.add(transfer);
        return transfer;
    }

    public int activeTransfers() {
        return active.size();
    }

    public int activeTransfers(Direction direction) {
        return (int) active.stream().filter(t -> t.direction == direction).count();
    }

    void checkAll() {
        long now = nanoTime.getAsLong();
        for (Transfer transfer : active) {
            try {
                if (transfer.check(now)) {
                    active.remove(transfer);
                }
            } catch (RuntimeException e) {
                LOG.warn("checking {} failed", transfer.what, e);
            }
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
