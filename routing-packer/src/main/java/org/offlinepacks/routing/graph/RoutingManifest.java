package org.offlinepacks.routing.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.jackson.Jackson;
import com.graphhopper.util.Constants;
import com.graphhopper.util.CustomModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.routing.RoutingProfile;

/**
 * The contents of {@code routing.json}: what a device needs to know before it loads
 * {@code routing.ghz} (GraphHopper version, profiles with their custom models, encoded values) and
 * what the graph covers.
 *
 * @param storageVersions GraphHopper's on-disk format versions of each kind of graph file; a
 *     GraphHopper build with other values refuses the graph
 * @param osmDataTimestamp the OSM data date of the extract (ISO-8601), or null when unknown
 * @param bboxLonLat [minLon, minLat, maxLon, maxLat] of the graph
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingManifest(
        int format,
        String graphhopperVersion,
        Map<String, Integer> storageVersions,
        String graphFile,
        List<ProfileEntry> profiles,
        List<String> encodedValues,
        String osmDataTimestamp,
        List<Double> bboxLonLat,
        double bufferM,
        int segmentSizeBytes,
        int nodes,
        int edges) {
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "routing.json";

    /** The format versions of this GraphHopper build, in the order GraphHopper lists them. */
    public static Map<String, Integer> currentStorageVersions() {
        Map<String, Integer> versions = new LinkedHashMap<>();
        versions.put("node", Constants.VERSION_NODE);
        versions.put("edge", Constants.VERSION_EDGE);
        versions.put("encodingManager", Constants.VERSION_EM);
        versions.put("shortcut", Constants.VERSION_SHORTCUT);
        versions.put("nodeCh", Constants.VERSION_NODE_CH);
        versions.put("geometry", Constants.VERSION_GEOMETRY);
        versions.put("turnCosts", Constants.VERSION_TURN_COSTS);
        versions.put("locationIndex", Constants.VERSION_LOCATION_IDX);
        versions.put("kvStorage", Constants.VERSION_KV_STORAGE);
        return versions;
    }

    /** A profile as GraphHopper needs it to load the graph: name, custom model, CH prepared. */
    public record ProfileEntry(String name, JsonNode customModel, List<String> encodedValues, boolean ch) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** GraphHopper's own mapper, for custom models in GraphHopper's JSON form (as in its config). */
    private static final ObjectMapper GRAPHHOPPER_MAPPER = Jackson.newObjectMapper();

    static ProfileEntry entryOf(RoutingProfile profile) {
        return new ProfileEntry(
                profile.name(), GRAPHHOPPER_MAPPER.valueToTree(profile.customModel()), profile.encodedValues(), true);
    }

    /** The profiles back as the import configured them, for a load that GraphHopper accepts. */
    public List<RoutingProfile> routingProfiles() {
        return profiles.stream()
                .map(p -> new RoutingProfile(p.name(), customModelOf(p), p.encodedValues()))
                .toList();
    }

    private static CustomModel customModelOf(ProfileEntry entry) {
        try {
            return GRAPHHOPPER_MAPPER.treeToValue(entry.customModel(), CustomModel.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "routing.json: the custom model of profile '" + entry.name() + "' is unreadable: " + e.getMessage(),
                    e);
        }
    }

    public List<String> profileNames() {
        return profiles.stream().map(ProfileEntry::name).toList();
    }

    /** Through the one canonical writer: custom models' keys sorted too, so any process writes the same bytes. */
    public void write(Path file) throws IOException {
        CanonicalJson.write(file, this);
    }

    public static RoutingManifest read(Path file) throws IOException {
        RoutingManifest manifest = MAPPER.readValue(file.toFile(), RoutingManifest.class);
        if (manifest.format() != FORMAT) {
            throw new IOException(file + ": routing.json format " + manifest.format() + " is not " + FORMAT);
        }
        return manifest;
    }
}
