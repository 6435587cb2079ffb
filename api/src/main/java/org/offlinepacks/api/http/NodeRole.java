package org.offlinepacks.api.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a node of the service does. Nodes share one database (and storage), so any number of each
 * can run: API nodes answer devices and planners and queue rebuilds; workers build them.
 */
public enum NodeRole {
    /** The HTTP API; rebuilds it queues are built by workers. */
    API,
    /** Builds queued rebuilds; serves only {@code GET /v1/health} over HTTP. */
    WORKER,
    /** Both, as one node on its own needs. */
    ALL;

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean builds() {
        return this != API;
    }

    /** {@code api}, {@code worker} or {@code all}; {@code source} says where the text came from. */
    public static NodeRole parse(String text, String source) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be one of "
                    + Arrays.stream(values()).map(NodeRole::toString).collect(Collectors.joining(", ")) + ", found '"
                    + text + "' (from " + source + ")");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
