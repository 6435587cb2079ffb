package org.offlinepacks.tilepacker.fetch;

import java.util.concurrent.atomic.AtomicLong;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a step's progress to the {@link ProgressListener} (throttled to a few updates a second).
 * When nobody listens, it logs a line with done/total, rate and ETA at a fixed interval itself, so
 * library callers still see progress without the console printing it twice.
 */
public final class ProgressMeter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressMeter.class);
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final long UPDATE_INTERVAL_NANOS = 200_000_000L;

    private final String step;
    private final long total;
    private final ProgressListener listener;
    private final long startNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong lastUpdateNanos = new AtomicLong(0);

    public ProgressMeter(String step, long total, ProgressListener listener) {
        this.step = step;
        this.total = total;
        this.listener = listener;
        listener.begin(step, total);
    }

    public void advance() {
        advance(1);
    }

    public void advance(long count) {
        long d = done.addAndGet(count);
        long now = System.nanoTime();
        long lastUpdate = lastUpdateNanos.get();
        if (now - lastUpdate >= UPDATE_INTERVAL_NANOS && lastUpdateNanos.compareAndSet(lastUpdate, now)) {
            listener.update(step, d);
        }
        long lastLog = lastLogNanos.get();
        if (listener == ProgressListener.NONE
                && now - lastLog >= LOG_INTERVAL_NANOS
                && lastLogNanos.compareAndSet(lastLog, now)) {
            LOG.info("{}", line(d, now));
        }
    }

    public long done() {
        return done.get();
    }

    /** e.g. {@code tiles 1200/4000 (30%), 350/s, ETA 8s}. */
    String line(long d, long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = d / seconds;
        String eta = rate > 0 && total > 0 ? Math.round((total - d) / rate) + "s" : "?";
        return String.format(
                "%s %d/%d (%d%%), %.0f/s, ETA %s", step, d, total, total > 0 ? d * 100 / total : 0, rate, eta);
    }

    public void end() {
        listener.end(step, done.get());
    }
}
