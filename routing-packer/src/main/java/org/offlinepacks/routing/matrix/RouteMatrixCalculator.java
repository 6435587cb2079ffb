package org.offlinepacks.routing.matrix;

import com.graphhopper.isochrone.algorithm.ShortestPathTree.IsoLabel;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.PointList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.matrix.ProfileRoutes.FacilityRoute;
import org.offlinepacks.routing.matrix.ProfileRoutes.PointMatrix;
import org.offlinepacks.routing.snap.PointSnap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes facility → point routes (with geometry) and, under a size limit, the full point-to-point
 * matrix of one profile: one shortest-path tree per source ({@link ShortestPathTrees}), instead of
 * one route query per pair.
 *
 * <p>The trees are node-based: profiles with turn costs are not supported by this calculator (the
 * built-in profiles have none).
 */
public final class RouteMatrixCalculator {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMatrixCalculator.class);

    private final RoutingGraph graph;

    public RouteMatrixCalculator(RoutingGraph graph) {
        this.graph = graph;
    }

    /**
     * Computes the routes of one profile. The query graph built here takes over the given snaps (as
     * GraphHopper's query graphs do): snap again before computing a second time.
     *
     * @param snaps the snap results of one profile (from {@code PointSnapper}); unsnapped points are
     *     listed but get no routes
     * @param fullMatrixLimit the full matrix is computed when there are at most this many snapped
     *     points
     */
    public ProfileRoutes computeRoutes(
            String profileName, List<PointSnap> snaps, int fullMatrixLimit, ProgressListener progress) {
        long start = System.nanoTime();
        List<PointSnap> snapped = snaps.stream().filter(PointSnap::isSnapped).toList();
        boolean full = snapped.size() <= fullMatrixLimit;
        ShortestPathTrees trees = new ShortestPathTrees(
                graph, profileName, snapped.stream().map(PointSnap::snap).toList());

        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < snapped.size(); i++) {
            if (full || snapped.get(i).point().isFacility()) {
                sources.add(i);
            }
        }
        String step = "matrix:" + profileName;
        progress.begin(step, sources.size());
        List<FacilityRoute> facilityRoutes = new ArrayList<>();
        RouteCost[][] matrix = full ? new RouteCost[snapped.size()][] : null;
        int done = 0;
        for (int source : sources) {
            IsoLabel[] labels = trees.from(source);
            PointSnap from = snapped.get(source);
            if (from.point().isFacility()) {
                for (int target = 0; target < snapped.size(); target++) {
                    if (target == source) {
                        continue;
                    }
                    IsoLabel label = labels[target];
                    RouteCost cost = label == null
                            ? null
                            : new RouteCost(
                                    label.time, label.distance, geometry(trees.queryGraph(), label, snapped, source));
                    facilityRoutes.add(new FacilityRoute(
                            from.point().id(), snapped.get(target).point().id(), cost));
                }
            }
            if (full) {
                RouteCost[] row = new RouteCost[snapped.size()];
                for (int target = 0; target < snapped.size(); target++) {
                    IsoLabel label = labels[target];
                    row[target] = label == null ? null : new RouteCost(label.time, label.distance, null);
                }
                matrix[source] = row;
            }
            progress.update(step, ++done);
        }
        progress.end(step, done);
        PointMatrix pointMatrix =
                full ? new PointMatrix(snapped.stream().map(s -> s.point().id()).toList(), matrix) : null;
        LOG.info(
                "profile {}: {} trees, {} facility routes, full matrix {} in {} ms",
                profileName,
                done,
                facilityRoutes.size(),
                full
                        ? snapped.size() + "x" + snapped.size()
                        : "skipped (" + snapped.size() + " > " + fullMatrixLimit + ")",
                (System.nanoTime() - start) / 1_000_000);
        return new ProfileRoutes(profileName, snaps, facilityRoutes, pointMatrix);
    }

    private static String geometry(QueryGraph queryGraph, IsoLabel target, List<PointSnap> snapped, int source) {
        Deque<IsoLabel> chain = new ArrayDeque<>();
        for (IsoLabel label = target; label.parent != null; label = label.parent) {
            chain.push(label);
        }
        PointList points = new PointList(Math.max(2, chain.size() * 4), false);
        if (chain.isEmpty()) {
            PointSnap at = snapped.get(source);
            points.add(at.snappedLat(), at.snappedLon());
            return PolylineEncoder.encode(points);
        }
        boolean first = true;
        for (IsoLabel label : chain) {
            EdgeIteratorState edge = queryGraph.getEdgeIteratorState(label.edge, label.node);
            points.add(edge.fetchWayGeometry(first ? FetchMode.ALL : FetchMode.PILLAR_AND_ADJ));
            first = false;
        }
        return PolylineEncoder.encode(points);
    }
}
