package org.offlinepacks.routing.snap;

import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.storage.index.Snap;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places assigned points on the road network of one profile. A point that cannot be placed is
 * reported with its reason; it never fails the pack.
 */
public final class PointSnapper {
    private static final Logger LOG = LoggerFactory.getLogger(PointSnapper.class);

    private final RoutingGraph graph;
    private final ClipArea area;
    private final double maxSnapDistanceM;

    /**
     * @param area the area the graph was clipped to; points outside it are not snapped (the road
     *     they would reach may have been cut off), or null to snap everywhere
     */
    public PointSnapper(RoutingGraph graph, ClipArea area, double maxSnapDistanceM) {
        this.graph = graph;
        this.area = area;
        this.maxSnapDistanceM = maxSnapDistanceM;
    }

    public List<PointSnap> snap(String profileName, List<AssignedPoint> points) {
        EdgeFilter filter = graph.snapFilter(profileName);
        List<PointSnap> result = new ArrayList<>(points.size());
        int failed = 0;
        for (AssignedPoint point : points) {
            PointSnap snap = snapOne(point, filter);
            if (!snap.isSnapped()) {
                failed++;
            }
            result.add(snap);
        }
        LOG.info("snapped {} of {} points for profile {}", points.size() - failed, points.size(), profileName);
        return result;
    }

    private PointSnap snapOne(AssignedPoint point, EdgeFilter filter) {
        if (area != null && !area.containsLonLat(point.lon(), point.lat())) {
            return PointSnap.failed(point, SnapFailure.OUTSIDE_ROUTING_AREA, Double.NaN);
        }
        Snap snap = graph.hopper().getLocationIndex().findClosest(point.lat(), point.lon(), filter);
        if (!snap.isValid()) {
            return PointSnap.failed(point, SnapFailure.NO_ROAD_IN_GRAPH, Double.NaN);
        }
        if (snap.getQueryDistance() > maxSnapDistanceM) {
            return PointSnap.failed(point, SnapFailure.TOO_FAR_FROM_ROAD, snap.getQueryDistance());
        }
        return PointSnap.snapped(point, snap);
    }
}
