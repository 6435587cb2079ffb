package org.offlinepacks.routing.pack;

import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.matrix.ProfileRoutes;

/**
 * The three files of a routing pack and what went into them.
 *
 * @param ghzFile routing.ghz, the zipped GraphHopper graph
 * @param manifestFile routing.json
 * @param routesFile routes.json
 */
public record RoutingPackResult(
        Path ghzFile,
        Path manifestFile,
        Path routesFile,
        RoutingManifest manifest,
        ClipResult clip,
        List<ProfileRoutes> routes) {
    public RoutingPackResult {
        routes = List.copyOf(routes);
    }
}
