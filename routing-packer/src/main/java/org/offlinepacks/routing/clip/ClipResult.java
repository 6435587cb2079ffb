package org.offlinepacks.routing.clip;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What a clip ({@link OsmClipper}, {@link ExtractIndex#clip}) kept.
 *
 * @param ways the ways kept, {@code routeWays} of them only because a route of the pack needs them
 *     (they have no node in the area)
 * @param dataTimestamp the OSM data date from the input's header, or null when it has none
 */
public record ClipResult(
        Path output,
        long inputNodes,
        long inputWays,
        long nodes,
        long ways,
        long routeWays,
        long relations,
        Instant dataTimestamp) {
    /** The same clip written to another file. */
    public ClipResult withOutput(Path other) {
        return new ClipResult(other, inputNodes, inputWays, nodes, ways, routeWays, relations, dataTimestamp);
    }

    public Optional<Instant> dataTimestampIfKnown() {
        return Optional.ofNullable(dataTimestamp);
    }
}
