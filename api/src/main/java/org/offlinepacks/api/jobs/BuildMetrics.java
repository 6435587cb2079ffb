package org.offlinepacks.api.jobs;

import java.time.Duration;

/** What this node's builds tell the service's metrics. */
public interface BuildMetrics {
    BuildMetrics NONE = new BuildMetrics() {
        @Override
        public void stepEnded(String step, Duration duration) {}

        @Override
        public void counted(String measure, String outcome, long amount) {}

        @Override
        public void buildEnded(String result, Duration duration) {}
    };

    /** A step of a build ended (whatever the build's outcome). */
    void stepEnded(String step, Duration duration);

    /** See {@link org.offlinepacks.boundarydata.progress.ProgressListener#counted}. */
    void counted(String measure, String outcome, long amount);

    /**
     * A build ended: {@code succeeded}, {@code failed}, {@code lost} (its job taken over by another
     * worker) or {@code handed-back} (this node stopped).
     */
    void buildEnded(String result, Duration duration);
}
