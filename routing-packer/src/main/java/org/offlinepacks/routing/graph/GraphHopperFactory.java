package org.offlinepacks.routing.graph;

import com.graphhopper.GraphHopper;
import com.graphhopper.GraphHopperConfig;
import com.graphhopper.config.CHProfile;
import com.graphhopper.config.Profile;
import com.graphhopper.routing.ev.OSMWayID;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingProfile;

/**
 * Builds the GraphHopper configuration of a routing pack: the same for the import and for every
 * later load, because GraphHopper refuses a graph whose profiles differ from its configuration.
 */
public final class GraphHopperFactory {
    /** GraphHopper's default segment size: a whole extract's graph is not downloaded. */
    static final int EXTRACT_SEGMENT_SIZE_BYTES = 1 << 20;

    private GraphHopperFactory() {}

    /** The configuration shared by import and load: profiles, CH per profile, encoded values. */
    public static GraphHopperConfig config(List<RoutingProfile> profiles, int segmentSizeBytes, Path graphFolder) {
        GraphHopperConfig config = new GraphHopperConfig();
        config.putObject("graph.location", graphFolder.toString());
        config.putObject("graph.dataaccess", "RAM_STORE");
        config.putObject("graph.dataaccess.segment_size", segmentSizeBytes);
        config.putObject("graph.encoded_values", String.join(",", encodedValues(profiles)));
        // pedestrian profiles need footways and paths, so nothing is ignored at import
        config.putObject("import.osm.ignored_highways", "");
        config.setProfiles(profiles.stream().map(GraphHopperFactory::toProfile).toList());
        config.setCHProfiles(profiles.stream().map(p -> new CHProfile(p.name())).toList());
        return config;
    }

    /**
     * The configuration of a whole extract's graph, on which the routes a pack must keep are found:
     * the pack's profiles (with their subnetworks, so that points snap as in the pack), each edge's
     * OSM way id, larger data segments, memory-mapped storage, and no CH (the routes are
     * shortest-path trees).
     */
    public static GraphHopperConfig extractConfig(List<RoutingProfile> profiles, Path graphFolder) {
        GraphHopperConfig config = config(profiles, EXTRACT_SEGMENT_SIZE_BYTES, graphFolder);
        // a country's graph is not loaded into the heap: its files are mapped, and a pack's build
        // touches the pages near its boundary
        config.putObject("graph.dataaccess", "MMAP");
        List<String> encodedValues = new ArrayList<>(encodedValues(profiles));
        encodedValues.add(OSMWayID.KEY);
        config.putObject("graph.encoded_values", String.join(",", encodedValues));
        config.setCHProfiles(List.of());
        return config;
    }

    /** The encoded values all profiles read, sorted so that the configuration is reproducible. */
    public static List<String> encodedValues(List<RoutingProfile> profiles) {
        TreeSet<String> names = new TreeSet<>();
        profiles.forEach(p -> names.addAll(p.encodedValues()));
        return List.copyOf(names);
    }

    static Profile toProfile(RoutingProfile profile) {
        return new Profile(profile.name()).setCustomModel(profile.customModel());
    }

    static GraphHopper forImport(
            GraphHopperConfig config,
            int segmentSizeBytes,
            int minNetworkSize,
            String fixedImportDate,
            String importStep,
            ProgressListener progress) {
        GraphHopperConfig importConfig = new GraphHopperConfig(config);
        importConfig.putObject("prepare.min_network_size", minNetworkSize);
        importConfig.putObject("prepare.ch.threads", 1);
        PackGraphHopper hopper = new PackGraphHopper(fixedImportDate, segmentSizeBytes, importStep, progress);
        hopper.init(importConfig);
        return hopper;
    }

    static GraphHopper forLoad(GraphHopperConfig config) {
        GraphHopper hopper = new GraphHopper();
        hopper.init(config);
        hopper.setAllowWrites(false);
        return hopper;
    }
}
