package org.offlinepacks.routing;

import com.graphhopper.util.CustomModel;
import com.graphhopper.util.GHUtility;
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
}
