package org.offlinepacks.routing.snap;

import com.graphhopper.storage.index.Snap;
import java.util.Objects;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;

/**
 * Where one assigned point meets the road network of one profile, or why it does not.
 *
 * @param snap GraphHopper's snap (valid only when {@link #isSnapped()}); a routing query graph
 *     re-uses it
 * @param snappedLon longitude of the snapped position, NaN when not snapped
 * @param snappedLat latitude of the snapped position, NaN when not snapped
 * @param snapDistanceM distance from the point to the snapped position (or to the nearest road
 *     when it is too far), NaN when there is none
 * @param failure why the point is not snapped, or null when it is
 */
public record PointSnap(
        AssignedPoint point,
        Snap snap,
        double snappedLon,
        double snappedLat,
        double snapDistanceM,
        SnapFailure failure) {
    public PointSnap {
        Objects.requireNonNull(point, "point");
    }

    public boolean isSnapped() {
        return failure == null;
    }

    static PointSnap snapped(AssignedPoint point, Snap snap) {
        return new PointSnap(
                point,
                snap,
                snap.getSnappedPoint().getLon(),
                snap.getSnappedPoint().getLat(),
                snap.getQueryDistance(),
                null);
    }

    static PointSnap failed(AssignedPoint point, SnapFailure failure, double distanceM) {
        return new PointSnap(point, null, Double.NaN, Double.NaN, distanceM, failure);
    }
}
