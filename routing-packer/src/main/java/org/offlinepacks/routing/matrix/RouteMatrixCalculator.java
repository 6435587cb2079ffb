package org.offlinepacks.routing.matrix;

import com.carrotsearch.hppc.IntObjectHashMap;
import com.graphhopper.isochrone.algorithm.ShortestPathTree;
import com.graphhopper.isochrone.algorithm.ShortestPathTree.IsoLabel;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.TraversalMode;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
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
 * matrix of one profile: one shortest-path tree per source (GraphHopper's {@link ShortestPathTree},
 * a one-to-all Dijkstra) over a query graph that holds every snapped point, instead of one route
 * query per pair.
 *
 * <p>The tree is node-based: profiles with turn costs are not supported by this calculator (the
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
        List<Snap> ghSnaps = snapped.stream().map(PointSnap::snap).toList();
        QueryGraph queryGraph = QueryGraph.create(graph.hopper().getBaseGraph(), ghSnaps);
        Weighting weighting = queryGraph.wrapWeighting(graph.weighting(profileName));
        int[] nodes = ghSnaps.stream().mapToInt(Snap::getClosestNode).toArray();

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
            IntObjectHashMap<IsoLabel> settled = settleTree(queryGraph, weighting, nodes[source], nodes);
            PointSnap from = snapped.get(source);
            if (from.point().isFacility()) {
                for (int target = 0; target < snapped.size(); target++) {
                    if (target == source) {
                        continue;
                    }
                    IsoLabel label = settled.get(nodes[target]);
                    RouteCost cost = label == null
                            ? null
                            : new RouteCost(label.time, label.distance, geometry(queryGraph, label, snapped, source));
                    facilityRoutes.add(new FacilityRoute(
                            from.point().id(), snapped.get(target).point().id(), cost));
                }
            }
            if (full) {
                RouteCost[] row = new RouteCost[snapped.size()];
                for (int target = 0; target < snapped.size(); target++) {
                    IsoLabel label = settled.get(nodes[target]);
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

    /** Runs one tree from {@code sourceNode} and keeps the final labels of the target nodes. */
    private static IntObjectHashMap<IsoLabel> settleTree(
            QueryGraph queryGraph, Weighting weighting, int sourceNode, int[] targetNodes) {
        IntObjectHashMap<IsoLabel> wanted = new IntObjectHashMap<>(targetNodes.length * 2);
        for (int node : targetNodes) {
            wanted.put(node, null);
        }
        IntObjectHashMap<IsoLabel> settled = new IntObjectHashMap<>(targetNodes.length * 2);
        ShortestPathTree tree = new ShortestPathTree(queryGraph, weighting, false, TraversalMode.NODE_BASED);
        tree.setWeightLimit(Double.MAX_VALUE);
        tree.search(sourceNode, label -> {
            if (wanted.containsKey(label.node)) {
                settled.put(label.node, label);
            }
        });
        return settled;
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
