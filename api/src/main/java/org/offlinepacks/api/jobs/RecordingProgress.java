package org.offlinepacks.api.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest counters of every step, in the order the steps began, and the warnings the
 * steps gave, for the job endpoint, and logs each step's start, end and duration, with a progress
 * line at most every few seconds.
 */
public final class RecordingProgress implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingProgress.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final String label;
    private final Map<String, StepCounters> steps = new LinkedHashMap<>();
    private final Map<String, long[]> startedAndLoggedNanos = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final BuildMetrics metrics;

    /** @param label names the work in log lines, e.g. "job 3f2a (boundary X)" */
    public RecordingProgress(String label) {
        this(label, BuildMetrics.NONE);
    }

    /** @param metrics is told each step's duration and the counts steps report */
    public RecordingProgress(String label, BuildMetrics metrics) {
        this.label = label;
        this.metrics = metrics;
    }

    @Override
    public void begin(String step, long total) {
        synchronized (steps) {
            steps.put(step, new StepCounters(step, total, 0, false));
            long now = System.nanoTime();
            startedAndLoggedNanos.put(step, new long[] {now, now});
        }
        LOG.info("{} {}: started{}", label, step, total >= 0 ? " (" + total + " to do)" : "");
    }

    @Override
    public void update(String step, long done) {
        long total;
        boolean log = false;
        synchronized (steps) {
            StepCounters current = steps.get(step);
            total = current == null ? -1 : current.total();
            steps.put(step, new StepCounters(step, total, done, false));
            long[] times = startedAndLoggedNanos.get(step);
            long now = System.nanoTime();
            if (times != null && now - times[1] >= LOG_INTERVAL_NANOS) {
                times[1] = now;
                log = true;
            }
        }
        if (log) {
            LOG.info("{} {}: {}{} done", label, step, done, total >= 0 ? "/" + total : "");
        }
    }

    @Override
    public void end(String step, long done) {
        long[] times;
        synchronized (steps) {
            StepCounters current = steps.get(step);
            long total = current == null || current.total() < 0 ? done : current.total();
            steps.put(step, new StepCounters(step, total, done, true));
            times = startedAndLoggedNanos.remove(step);
        }
        long nanos = times == null ? 0 : System.nanoTime() - times[0];
        metrics.stepEnded(step, Duration.ofNanos(nanos));
        LOG.info("{} {}: {} done in {} ms", label, step, done, nanos / 1_000_000);
    }

    @Override
    public void counted(String measure, String outcome, long amount) {
        metrics.counted(measure, outcome, amount);
    }

    @Override
    public void warn(String step, String message) {
        synchronized (steps) {
            warnings.add(step + ": " + message);
        }
        LOG.warn("{} {}: {}", label, step, message);
    }

    /** The whole build ended; see {@link BuildMetrics#buildEnded}. */
    void buildEnded(String result, Duration duration) {
        metrics.buildEnded(result, duration);
    }

    /** Every warning so far, as "step: message", in the order given. */
    public List<String> warnings() {
        synchronized (steps) {
            return List.copyOf(warnings);
        }
    }

    public List<StepCounters> steps() {
        synchronized (steps) {
            return new ArrayList<>(steps.values());
        }
    }
}
