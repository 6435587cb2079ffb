package org.offlinepacks.boundarydata.progress;

/**
 * Receives the counters of long steps (fetching tiles, importing a graph, ...). The console shows
 * them as a progress bar and log lines, the job endpoint serves them. Implementations are
 * thread-safe: steps may report from worker threads.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(String step, long total) {}

        @Override
        public void update(String step, long done) {}

        @Override
        public void end(String step, long done) {}
    };

    /** A step began; {@code total} is -1 when it is not known in advance. */
    void begin(String step, long total);

    /** {@code done} units of the step are finished so far. */
    void update(String step, long done);

    /** The step finished after {@code done} units. */
    void end(String step, long done);

    /**
     * The step's result lacks something its user must know about (a tile pack without the zooms
     * asked for, or without attribution); the build goes on. The console prints it, the job
     * endpoint lists it.
     */
    default void warn(String step, String message) {}

    /**
     * How many units of a measure ended one way ({@code tile-fetches}: {@code downloaded},
     * {@code cache-hit}, {@code failed}, ...), once per measure and outcome when the step is done;
     * the service's metrics add them up. Measures and outcomes are names the code defines.
     */
    default void counted(String measure, String outcome, long amount) {}
}
