package org.offlinepacks.routing.graph;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Run in a separate JVM by the tests: loads a pack's routing.ghz with only its routing.json and
 * prints, per profile, the distance and time of one route ({@code profile distanceM timeMillis}).
 *
 * <p>Arguments: packDir fromLat fromLon toLat toLon
 */
public final class GraphLoadProbe {
    private GraphLoadProbe() {}

    public static void main(String[] args) throws Exception {
        Path packDir = Path.of(args[0]);
        Path work = Files.createTempDirectory("graph-load-probe");
        RoutingManifest manifest = RoutingManifest.read(packDir.resolve(RoutingManifest.FILE_NAME));
        try (RoutingGraph graph = GraphLoader.load(packDir.resolve("routing.ghz"), manifest, work)) {
            for (String profile : graph.profileNames()) {
                GHResponse response = graph.hopper()
                        .route(new GHRequest(
                                        Double.parseDouble(args[1]),
                                        Double.parseDouble(args[2]),
                                        Double.parseDouble(args[3]),
                                        Double.parseDouble(args[4]))
                                .setProfile(profile));
                if (response.hasErrors()) {
                    System.out.println(profile + " error " + response.getErrors());
                } else {
                    System.out.printf(
                            Locale.ROOT,
                            "%s %.3f %d%n",
                            profile,
                            response.getBest().getDistance(),
                            response.getBest().getTime());
                }
            }
        }
    }
}
