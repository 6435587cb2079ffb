package org.offlinepacks.tilepacker.fetch;

import java.io.IOException;

/** The fetch was aborted: too many tiles failed. Carries the counters for the report. */
public final class TileFetchException extends IOException {
    private final transient FetchStats stats;

    public TileFetchException(String message, FetchStats stats) {
        super(message);
        this.stats = stats;
    }

    public FetchStats stats() {
        return stats;
    }
}
