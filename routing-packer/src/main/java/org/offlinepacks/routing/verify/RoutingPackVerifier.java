package org.offlinepacks.routing.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.routing.Folders;
import org.offlinepacks.routing.graph.GraphLoader;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.pack.RoutesJsonWriter;
import org.offlinepacks.routing.pack.RoutingPackBuilder;

/**
 * Checks a routing pack the way a device would use it: {@code routing.json} names this GraphHopper
 * version and readable profiles, {@code routing.ghz} loads with only that configuration and has the
 * size and extent {@code routing.json} records, and for every profile GraphHopper routes between
 * two snapped points of {@code routes.json} with the distance recorded there.
 */
public final class RoutingPackVerifier {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double BBOX_TOLERANCE_DEG = 1e-6;

    private RoutingPackVerifier() {}

    /** Returns every problem found as a sentence; empty when the routing pack is good. */
    public static List<String> verify(Path packDir) throws IOException {
        List<String> problems = new ArrayList<>();
        RoutingManifest manifest;
        try {
            manifest = RoutingManifest.read(packDir.resolve(RoutingManifest.FILE_NAME));
        } catch (IOException | RuntimeException e) {
            return List.of("routing.json is unreadable: " + e.getMessage());
        }
        if (!Constants.VERSION.equals(manifest.graphhopperVersion())) {
            return List.of("routing.json says GraphHopper " + manifest.graphhopperVersion()
                    + " but this verifier runs GraphHopper " + Constants.VERSION);
        }
        JsonNode routes;
        try {
            routes = MAPPER.readTree(packDir.resolve(RoutesJsonWriter.FILE_NAME).toFile());
        } catch (IOException e) {
            return List.of("routes.json is unreadable: " + e.getMessage());
        }
        Path work = Files.createTempDirectory("routing-verify");
        try (RoutingGraph graph = GraphLoader.load(packDir.resolve(RoutingPackBuilder.GHZ_FILE_NAME), manifest, work)) {
            checkExtent(graph, manifest, problems);
            for (String profile : manifest.profileNames()) {
                JsonNode profileRoutes = routes.path("profiles").path(profile);
                if (profileRoutes.isMissingNode()) {
                    problems.add("routes.json has no routes for profile " + profile);
                    continue;
                }
                checkOneRoute(graph, profile, profileRoutes, problems);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("routing.ghz does not load with the profiles of routing.json: " + e.getMessage());
        } finally {
            Folders.deleteTree(work);
        }
        return problems;
    }

    private static void checkExtent(RoutingGraph graph, RoutingManifest manifest, List<String> problems) {
        if (graph.nodes() != manifest.nodes() || graph.edges() != manifest.edges()) {
            problems.add(String.format(
                    "routing.ghz has %d nodes and %d edges, routing.json says %d and %d",
                    graph.nodes(), graph.edges(), manifest.nodes(), manifest.edges()));
        }
        var bounds = graph.hopper().getBaseGraph().getBounds();
        double[] actual = {bounds.minLon, bounds.minLat, bounds.maxLon, bounds.maxLat};
        for (int i = 0; i < 4; i++) {
            if (Math.abs(actual[i] - manifest.bboxLonLat().get(i)) > BBOX_TOLERANCE_DEG) {
                problems.add("routing.ghz covers " + java.util.Arrays.toString(actual) + ", routing.json says "
                        + manifest.bboxLonLat());
                return;
            }
        }
    }

    /** Routes the first reachable facility route of routes.json again and compares its distance. */
    private static void checkOneRoute(
            RoutingGraph graph, String profile, JsonNode profileRoutes, List<String> problems) {
        Map<String, double[]> snappedLonLat = new HashMap<>();
        for (JsonNode point : profileRoutes.path("points")) {
            if (point.path("snapped").asBoolean()) {
                JsonNode lonLat = point.path("snappedLonLat");
                snappedLonLat.put(
                        point.path("id").asText(),
                        new double[] {lonLat.get(0).asDouble(), lonLat.get(1).asDouble()});
            }
        }
        for (JsonNode route : profileRoutes.path("facilityRoutes")) {
            double[] from = snappedLonLat.get(route.path("from").asText());
            double[] to = snappedLonLat.get(route.path("to").asText());
            if (!route.path("reachable").asBoolean() || from == null || to == null) {
                continue;
            }
            GHResponse response =
                    graph.hopper().route(new GHRequest(from[1], from[0], to[1], to[0]).setProfile(profile));
            String pair = profile + " route " + route.path("from").asText() + " -> "
                    + route.path("to").asText();
            if (response.hasErrors()) {
                problems.add(pair + " is in routes.json but GraphHopper finds none: " + response.getErrors());
                return;
            }
            double recorded = route.path("distanceM").asDouble();
            double routed = response.getBest().getDistance();
            if (Math.abs(recorded - routed) > 1 + 0.01 * recorded) {
                problems.add(String.format(
                        "%s is %.1f m in routes.json but %.1f m when routed on routing.ghz", pair, recorded, routed));
            }
            return;
        }
    }
}
