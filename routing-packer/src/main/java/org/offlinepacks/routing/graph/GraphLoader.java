package org.offlinepacks.routing.graph;

import com.graphhopper.GraphHopper;
import com.graphhopper.GraphHopperConfig;
import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.routing.RoutingProfile;

/**
 * Loads a pack's {@code routing.ghz} the way a device would (a fresh GraphHopper configured only
 * from {@code routing.json}), or a whole extract's cached graph.
 */
public final class GraphLoader {
    private GraphLoader() {}

    /**
     * Copies {@code ghzFile} into {@code workFolder} (GraphHopper unpacks a {@code .ghz} beside
     * itself) and loads it; the caller closes the graph and deletes the work folder.
     */
    public static RoutingGraph load(Path ghzFile, RoutingManifest manifest, Path workFolder) throws IOException {
        if (!Constants.VERSION.equals(manifest.graphhopperVersion())
                || !RoutingManifest.currentStorageVersions().equals(manifest.storageVersions())) {
            throw new IOException("the graph was written by GraphHopper " + manifest.graphhopperVersion()
                    + " (storage versions " + manifest.storageVersions() + ") and cannot be read by GraphHopper "
                    + Constants.VERSION + " (" + RoutingManifest.currentStorageVersions() + ")");
        }
        Files.createDirectories(workFolder);
        Path graphFolder = workFolder.resolve("routing");
        Files.copy(ghzFile, workFolder.resolve("routing.ghz"));
        GraphHopper hopper = GraphHopperFactory.forLoad(
                GraphHopperFactory.config(manifest.routingProfiles(), manifest.segmentSizeBytes(), graphFolder));
        return loadWith(hopper, ghzFile, manifest.profileNames());
    }

    /**
     * Loads, read-only, a whole extract's graph folder written by {@link
     * GraphImporter#importExtractGraph} with the same profiles; the caller closes it.
     */
    public static RoutingGraph loadExtractGraph(Path graphFolder, List<RoutingProfile> profiles) throws IOException {
        GraphHopperConfig config = GraphHopperFactory.extractConfig(profiles, graphFolder);
        config.putObject("graph.dataaccess", "MMAP_RO");
        GraphHopper hopper = GraphHopperFactory.forLoad(config);
        return loadWith(
                hopper, graphFolder, profiles.stream().map(RoutingProfile::name).toList());
    }

    private static RoutingGraph loadWith(GraphHopper hopper, Path source, List<String> profileNames)
            throws IOException {
        boolean loaded;
        try {
            loaded = hopper.load();
        } catch (RuntimeException e) {
            hopper.close();
            throw new IOException("GraphHopper could not load " + source + ": " + e.getMessage(), e);
        }
        if (!loaded) {
            hopper.close();
            throw new IOException("GraphHopper found no graph in " + source);
        }
        return new RoutingGraph(hopper, profileNames);
    }
}
