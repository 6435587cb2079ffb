package org.offlinepacks.boundarydata.campaign;

import java.nio.file.Path;
import java.util.List;

/**
 * The `packDefaults.routing` object of campaign.json: the OSM extract the routing pack is cut from
 * and the GraphHopper profiles it holds.
 *
 * @param osmFile the OSM extract (PBF), resolved against the campaign folder
 * @param bufferM how far around the boundary roads are kept, so that roads that leave and re-enter
 *     stay connected
 * @param profiles GraphHopper profile names (e.g. {@code foot}, {@code car})
 * @param fullMatrixLimit the point-to-point matrix is computed when a boundary has at most this many
 *     points
 * @param required whether a pack without routing is a failure: a boundary with no road in its
 *     routing area then fails its build; otherwise (the default) it gets a pack without routing and
 *     a warning
 */
public record RoutingDefaults(
        Path osmFile, double bufferM, List<String> profiles, int fullMatrixLimit, boolean required) {
    public RoutingDefaults(Path osmFile, double bufferM, List<String> profiles, int fullMatrixLimit) {
        this(osmFile, bufferM, profiles, fullMatrixLimit, false);
    }

    public RoutingDefaults {
        if (bufferM < 0) {
            throw new IllegalArgumentException("routing.bufferM must be >= 0, got " + bufferM);
        }
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("routing.profiles must name at least one profile");
        }
        profiles = List.copyOf(profiles);
        if (fullMatrixLimit < 0) {
            throw new IllegalArgumentException("routing.fullMatrixLimit must be >= 0, got " + fullMatrixLimit);
        }
    }
}
