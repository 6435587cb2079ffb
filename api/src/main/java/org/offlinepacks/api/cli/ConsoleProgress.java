package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows long steps on the console: a progress bar on a terminal, otherwise a log line with done /
 * total, rate and ETA every few seconds, and always a start and an end line with the duration.
 * Warnings go to the command's error output as {@code WARNING step: message} lines (to the log
 * when the command gives none).
 */
final class ConsoleProgress implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger("progress");
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final boolean terminal = System.console() != null;
    private final Map<String, Step> steps = new ConcurrentHashMap<>();
    private final PrintWriter warnings;

    ConsoleProgress() {
        this(null);
    }

    /** @param warnings where warnings are printed, e.g. the command's error output; null to log them */
    ConsoleProgress(PrintWriter warnings) {
        this.warnings = warnings;
    }

    private static final class Step {
        final long total;
        final long startedNanos = System.nanoTime();
        volatile long lastLogNanos = startedNanos;
        final ProgressBar bar;

        Step(String name, long total, boolean terminal) {
            this.total = total;
            this.bar = terminal && total > 0
                    ? new ProgressBarBuilder()
                            .setTaskName(name)
                            .setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(250)
                            .showSpeed()
                            .build()
                    : null;
        }
    }

    @Override
    public void begin(String step, long total) {
        LOG.info("{}: started{}", step, total >= 0 ? " (" + total + " to do)" : "");
        Step previous = steps.put(step, new Step(step, total, terminal));
        if (previous != null && previous.bar != null) {
            previous.bar.close();
        }
    }

    @Override
    public void update(String step, long done) {
        Step state = steps.get(step);
        if (state == null) {
            return;
        }
        if (state.bar != null) {
            state.bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (now - state.lastLogNanos >= LOG_INTERVAL_NANOS) {
            state.lastLogNanos = now;
            double seconds = (now - state.startedNanos) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            String eta = state.total > 0 && rate > 0 ? ", ETA " + Math.round((state.total - done) / rate) + " s" : "";
            LOG.info("{}: {}{} ({}/s{})", step, done, state.total > 0 ? "/" + state.total : "", Math.round(rate), eta);
        }
    }

    @Override
    public void warn(String step, String message) {
        if (warnings == null) {
            LOG.warn("{}: {}", step, message);
            return;
        }
        synchronized (warnings) {
            warnings.println("WARNING " + step + ": " + message);
            warnings.flush();
        }
    }

    @Override
    public void end(String step, long done) {
        Step state = steps.remove(step);
        if (state == null) {
            return;
        }
        if (state.bar != null) {
            state.bar.stepTo(done);
            state.bar.close();
        }
        LOG.info("{}: {} done in {} ms", step, done, (System.nanoTime() - state.startedNanos) / 1_000_000);
    }
}
