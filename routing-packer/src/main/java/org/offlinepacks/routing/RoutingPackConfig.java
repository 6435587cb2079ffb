package org.offlinepacks.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that shapes a routing pack, validated once at the entry point.
 *
 * @param bufferM how far around the boundary the OSM data is kept, so that roads that leave and
 *     re-enter the boundary stay connected
 * @param profiles the GraphHopper profiles, each prepared with CH
 * @param fullMatrixLimit the point-to-point matrix is computed when the boundary has at most this
 *     many snapped points (facility → point routes are always computed)
 * @param maxSnapDistanceM a point farther than this from the nearest usable road is reported as
 *     unsnappable
 * @param segmentSizeBytes GraphHopper's data segment size: small, so that a village's graph is
 *     kilobytes; a power of two
 * @param minNetworkSize road networks with fewer nodes than this are not snapped to (GraphHopper's
 *     {@code prepare.min_network_size}). Lower than GraphHopper's 200: clipping cuts the roads that
 *     join a hamlet at the edge of the area to the rest of the world, and such a hamlet must stay
 *     reachable from its own facility.
 */
public record RoutingPackConfig(
        double bufferM,
        List<RoutingProfile> profiles,
        int fullMatrixLimit,
        double maxSnapDistanceM,
        int segmentSizeBytes,
        int minNetworkSize) {
    public static final double DEFAULT_BUFFER_M = 3000;
    public static final int DEFAULT_FULL_MATRIX_LIMIT = 300;
    public static final double DEFAULT_MAX_SNAP_DISTANCE_M = 500;
    public static final int DEFAULT_SEGMENT_SIZE_BYTES = 1 << 14;
    public static final int DEFAULT_MIN_NETWORK_SIZE = 20;

    public RoutingPackConfig {
        if (!(bufferM >= 0) || Double.isInfinite(bufferM)) {
            throw new IllegalArgumentException("routing bufferM must be a finite number >= 0, got " + bufferM);
        }
        if (profiles == null || profiles.isEmpty()) {
            throw new IllegalArgumentException("routing needs at least one profile (e.g. foot, car)");
        }
        profiles = List.copyOf(profiles);
        Set<String> names = new HashSet<>();
        for (RoutingProfile profile : profiles) {
            if (!names.add(profile.name())) {
                throw new IllegalArgumentException("routing profile '" + profile.name() + "' is given twice");
            }
        }
        if (fullMatrixLimit < 0) {
            throw new IllegalArgumentException("routing fullMatrixLimit must be >= 0, got " + fullMatrixLimit);
        }
        if (!(maxSnapDistanceM > 0)) {
            throw new IllegalArgumentException("routing maxSnapDistanceM must be > 0, got " + maxSnapDistanceM);
        }
        if (segmentSizeBytes < 128 || Integer.bitCount(segmentSizeBytes) != 1) {
            throw new IllegalArgumentException(
                    "routing segmentSizeBytes must be a power of two >= 128, got " + segmentSizeBytes);
        }
        if (minNetworkSize < 0) {
            throw new IllegalArgumentException("routing minNetworkSize must be >= 0, got " + minNetworkSize);
        }
    }

    /** foot and car, a 3 km buffer, the full matrix up to 300 points, snapping up to 500 m. */
    public static RoutingPackConfig defaults() {
        return withProfiles(RoutingProfile.builtIn(List.of("foot", "car")));
    }

    public static RoutingPackConfig withProfiles(List<RoutingProfile> profiles) {
        return new RoutingPackConfig(
                DEFAULT_BUFFER_M,
                profiles,
                DEFAULT_FULL_MATRIX_LIMIT,
                DEFAULT_MAX_SNAP_DISTANCE_M,
                DEFAULT_SEGMENT_SIZE_BYTES,
                DEFAULT_MIN_NETWORK_SIZE);
    }

    public RoutingPackConfig withBufferM(double newBufferM) {
        return new RoutingPackConfig(
                newBufferM, profiles, fullMatrixLimit, maxSnapDistanceM, segmentSizeBytes, minNetworkSize);
    }

    public RoutingPackConfig withFullMatrixLimit(int newLimit) {
        return new RoutingPackConfig(bufferM, profiles, newLimit, maxSnapDistanceM, segmentSizeBytes, minNetworkSize);
    }

    public RoutingPackConfig withMinNetworkSize(int newSize) {
        return new RoutingPackConfig(bufferM, profiles, fullMatrixLimit, maxSnapDistanceM, segmentSizeBytes, newSize);
    }

    public RoutingPackConfig withMaxSnapDistanceM(double newDistanceM) {
        return new RoutingPackConfig(
                bufferM, profiles, fullMatrixLimit, newDistanceM, segmentSizeBytes, minNetworkSize);
    }

    public List<String> profileNames() {
        return profiles.stream().map(RoutingProfile::name).toList();
    }
}
