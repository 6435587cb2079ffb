package org.offlinepacks.api.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/** Keeps the latest counters of every step, in the order the steps began, for the job endpoint. */
public final class RecordingProgress implements ProgressListener {
    private final Map<String, StepCounters> steps = new LinkedHashMap<>();
    private final ProgressListener next;

    /** @param next also told of every event (e.g. a log), or {@link ProgressListener#NONE} */
    public RecordingProgress(ProgressListener next) {
        this.next = next;
    }

    @Override
    public void begin(String step, long total) {
        synchronized (steps) {
            steps.put(step, new StepCounters(step, total, 0, false));
        }
        next.begin(step, total);
    }

    @Override
    public void update(String step, long done) {
        synchronized (steps) {
            StepCounters current = steps.get(step);
            long total = current == null ? -1 : current.total();
            steps.put(step, new StepCounters(step, total, done, false));
        }
        next.update(step, done);
    }

    @Override
    public void end(String step, long done) {
        synchronized (steps) {
            StepCounters current = steps.get(step);
            long total = current == null || current.total() < 0 ? done : current.total();
            steps.put(step, new StepCounters(step, total, done, true));
        }
        next.end(step, done);
    }

    public List<StepCounters> steps() {
        synchronized (steps) {
            return new ArrayList<>(steps.values());
        }
    }
}
