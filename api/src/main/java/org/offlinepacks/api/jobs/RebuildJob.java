package org.offlinepacks.api.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pack rebuild as the job endpoint shows it: a snapshot of its row, not a live object.
 *
 * @param boundaryVersion the boundary version the build reads, once it started
 * @param requests how many rebuild requests this job answers (more than 1 when coalesced)
 * @param attempts how many times it was started: more than 1 when a worker stopped while building
 *     it and another took it over
 * @param worker the worker node building it, or that built it (host:pid)
 * @param packVersion the published version once it succeeded
 * @param error why it failed; the previous pack stays current
 * @param warnings what the built pack lacks though it was published (a tile pack without zooms
 *     it was asked for, with its tile counts per zoom; no attribution), as "step: message"
 */
public record RebuildJob(
        String id,
        String boundaryId,
        String boundaryVersion,
        JobState state,
        int requests,
        int attempts,
        String worker,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Long packVersion,
        String error,
        List<StepCounters> progress,
        List<String> warnings) {
    public RebuildJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(boundaryId, "boundaryId");
        Objects.requireNonNull(state, "state");
        progress = List.copyOf(progress);
        warnings = List.copyOf(warnings);
    }

    public boolean isDone() {
        return state == JobState.SUCCEEDED || state == JobState.FAILED;
    }
}
