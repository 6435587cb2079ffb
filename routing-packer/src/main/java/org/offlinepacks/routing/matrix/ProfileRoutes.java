package org.offlinepacks.routing.matrix;

import java.util.List;
import org.offlinepacks.routing.snap.PointSnap;

/**
 * The routes of one profile.
 *
 * @param points every point with its snap result, in input order
 * @param facilityRoutes facility → point, for every snapped facility and every other snapped point
 * @param fullMatrix the point-to-point matrix over the snapped points, or null when there are more
 *     points than the limit
 */
public record ProfileRoutes(
        String profile, List<PointSnap> points, List<FacilityRoute> facilityRoutes, PointMatrix fullMatrix) {

    /** One facility → point route; {@code cost} is null when the point cannot be reached. */
    public record FacilityRoute(String fromId, String toId, RouteCost cost) {
        public boolean isReachable() {
            return cost != null;
        }
    }

    /**
     * The point-to-point matrix; {@code costs[i][j]} is null when point j cannot be reached from
     * point i.
     */
    public record PointMatrix(List<String> pointIds, RouteCost[][] costs) {}
}
