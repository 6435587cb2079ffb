package org.offlinepacks.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.graphhopper.jackson.Jackson;
import com.graphhopper.util.CustomModel;
import com.graphhopper.util.GHUtility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One GraphHopper profile of a routing pack: its name, its custom model and the encoded values the
 * model reads (they must be stored in the graph at import).
 */
public record RoutingProfile(String name, CustomModel customModel, List<String> encodedValues) {
    private static final List<String> FOOT_ENCODED_VALUES = List.of(
            "foot_access",
            "foot_priority",
            "foot_average_speed",
            "foot_road_access",
            "hike_rating",
            "mtb_rating",
            "country",
            "road_class");
    private static final List<String> CAR_ENCODED_VALUES = List.of("car_access", "car_average_speed", "road_access");

    public RoutingProfile {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9_\\-]+")) {
            throw new IllegalArgumentException(
                    "profile name must be lower-case letters, digits, '_' or '-', got '" + name + "'");
        }
        Objects.requireNonNull(customModel, "customModel of profile " + name);
        encodedValues = List.copyOf(encodedValues);
    }

    /** The built-in profiles: {@code foot} and {@code car}, with GraphHopper 11's own custom models. */
    public static RoutingProfile builtIn(String name) {
        return switch (name) {
            case "foot" ->
                new RoutingProfile("foot", GHUtility.loadCustomModelFromJar("foot.json"), FOOT_ENCODED_VALUES);
            case "car" -> new RoutingProfile("car", GHUtility.loadCustomModelFromJar("car.json"), CAR_ENCODED_VALUES);
            default ->
                throw new IllegalArgumentException("unknown built-in routing profile '" + name
                        + "': use foot or car, or give a custom model (JSON) with its encoded values");
        };
    }

    public static List<RoutingProfile> builtIn(List<String> names) {
        return names.stream().map(RoutingProfile::builtIn).toList();
    }

    /**
     * Each named profile from {@code <profileFolder>/<name>.json} when that file exists, else the
     * built-in one. The file holds {@code {"encodedValues": [...], "customModel": {...}}} with a
     * GraphHopper 11 custom model.
     */
    public static List<RoutingProfile> resolve(List<String> names, Path profileFolder) throws IOException {
        List<RoutingProfile> profiles = new java.util.ArrayList<>();
        for (String name : names) {
            Path file = profileFolder == null ? null : profileFolder.resolve(name + ".json");
            profiles.add(file != null && Files.isRegularFile(file) ? fromJsonFile(name, file) : builtIn(name));
        }
        return profiles;
    }

    public static RoutingProfile fromJsonFile(String name, Path file) throws IOException {
        ObjectMapper mapper = Jackson.newObjectMapper();
        JsonNode json = mapper.readTree(file.toFile());
        if (!json.path("customModel").isObject() || !json.path("encodedValues").isArray()) {
            throw new IOException(file + ": a profile file needs \"customModel\" (a GraphHopper custom model) and "
                    + "\"encodedValues\" (the encoded values it reads)");
        }
        List<String> encodedValues = new java.util.ArrayList<>();
        json.path("encodedValues").forEach(v -> encodedValues.add(v.asText()));
        try {
            return new RoutingProfile(
                    name, mapper.treeToValue(json.path("customModel"), CustomModel.class), encodedValues);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": the custom model of profile " + name + " is invalid: " + e.getMessage(), e);
        }
    }
}
