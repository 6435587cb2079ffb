package org.offlinepacks.routing.matrix;

import com.carrotsearch.hppc.IntHashSet;
import com.carrotsearch.hppc.IntObjectHashMap;
import com.graphhopper.isochrone.algorithm.ShortestPathTree;
import com.graphhopper.isochrone.algorithm.ShortestPathTree.IsoLabel;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.TraversalMode;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
import java.util.List;
import org.offlinepacks.routing.graph.RoutingGraph;

/**
 * Shortest-path trees of one profile between snapped points: GraphHopper's {@link ShortestPathTree}
 * (a one-to-all Dijkstra) over a query graph that holds every point, each tree stopped as soon as
 * it has settled every point. A point's label carries the route's time, distance and, through its
 * parents, its edges.
 *
 * <p>The query graph built here takes over the given snaps (as GraphHopper's query graphs do):
 * snap again before building a second one. Node-based: profiles with turn costs are not supported.
 */
public final class ShortestPathTrees {
    private final QueryGraph queryGraph;
    private final Weighting weighting;
    private final int[] nodes;
    private final int distinctNodes;

    public ShortestPathTrees(RoutingGraph graph, String profileName, List<Snap> snaps) {
        this.queryGraph = QueryGraph.create(graph.hopper().getBaseGraph(), snaps);
        this.weighting = queryGraph.wrapWeighting(graph.weighting(profileName));
        this.nodes = snaps.stream().mapToInt(Snap::getClosestNode).toArray();
        IntHashSet distinct = new IntHashSet();
        distinct.addAll(nodes);
        this.distinctNodes = distinct.size();
    }

    public QueryGraph queryGraph() {
        return queryGraph;
    }

    public int size() {
        return nodes.length;
    }

    /** The final labels of every point reached from point {@code source}, by point index; null where unreachable. */
    public IsoLabel[] from(int source) {
        IntObjectHashMap<IsoLabel> settled = new IntObjectHashMap<>(nodes.length * 2);
        for (int node : nodes) {
            settled.put(node, null);
        }
        int[] reached = {0};
        StoppableTree tree = new StoppableTree(queryGraph, weighting);
        tree.setWeightLimit(Double.MAX_VALUE);
        tree.search(nodes[source], label -> {
            int slot = settled.indexOf(label.node);
            if (settled.indexExists(slot) && settled.indexGet(slot) == null) {
                settled.indexReplace(slot, label);
                tree.stopped = ++reached[0] == distinctNodes;
            }
        });
        IsoLabel[] labels = new IsoLabel[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            labels[i] = settled.get(nodes[i]);
        }
        return labels;
    }

    /** Ends the search once every point is settled: the labels of settled nodes are final. */
    private static final class StoppableTree extends ShortestPathTree {
        boolean stopped;

        StoppableTree(QueryGraph graph, Weighting weighting) {
            super(graph, weighting, false, TraversalMode.NODE_BASED);
        }

        @Override
        protected boolean finished() {
            return stopped || super.finished();
        }
    }
}
