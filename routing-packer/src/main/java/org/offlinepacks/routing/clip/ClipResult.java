package org.offlinepacks.routing.clip;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link OsmClipper} kept.
 *
 * @param dataTimestamp the OSM data date from the input's header, or null when it has none
 */
public record ClipResult(
        Path output, long inputNodes, long inputWays, long nodes, long ways, long relations, Instant dataTimestamp) {
    public Optional<Instant> dataTimestampIfKnown() {
        return Optional.ofNullable(dataTimestamp);
    }
}
