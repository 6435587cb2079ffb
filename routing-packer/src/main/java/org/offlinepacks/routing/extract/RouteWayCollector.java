package org.offlinepacks.routing.extract;

import com.carrotsearch.hppc.IntHashSet;
import com.carrotsearch.hppc.LongHashSet;
import com.graphhopper.isochrone.algorithm.ShortestPathTree.IsoLabel;
import com.graphhopper.routing.ev.IntEncodedValue;
import com.graphhopper.routing.ev.OSMWayID;
import com.graphhopper.routing.querygraph.QueryGraph;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.matrix.ShortestPathTrees;
import org.offlinepacks.routing.snap.PointSnap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, on a whole extract's graph, the OSM ways of every route a pack will hold: facility → point,
 * and point → point when the full matrix is computed. The clip keeps these ways even where they
 * leave the buffered boundary, so that the pack routes every pair the whole extract routes, with
 * the same route. Same trees as the pack's own routes ({@link ShortestPathTrees}); the way of each
 * edge comes from GraphHopper's {@code osm_way_id}, stored in the whole extract's graph only.
 */
public final class RouteWayCollector {
    private static final Logger LOG = LoggerFactory.getLogger(RouteWayCollector.class);

    private final RoutingGraph extractGraph;
    private final IntEncodedValue wayIdEnc;

    /** @param extractGraph a graph from {@link ExtractGraphCache} (it has OSM way ids) */
    public RouteWayCollector(RoutingGraph extractGraph) {
        this.extractGraph = extractGraph;
        this.wayIdEnc = extractGraph.hopper().getEncodingManager().getIntEncodedValue(OSMWayID.KEY);
    }

    /**
     * Adds to {@code wayIds} the ways of the routes of one profile between the given points, snapped
     * on the whole extract's graph with the pack's rules (progress step {@code route-ways:PROFILE}).
     *
     * @param fullMatrixLimit as in the pack: point → point routes count when there are at most this
     *     many snapped points
     */
    public void collect(
            String profileName,
            List<PointSnap> snaps,
            int fullMatrixLimit,
            LongHashSet wayIds,
            ProgressListener progress) {
        long start = System.nanoTime();
        List<PointSnap> snapped = snaps.stream().filter(PointSnap::isSnapped).toList();
        boolean full = snapped.size() <= fullMatrixLimit;
        ShortestPathTrees trees = new ShortestPathTrees(
                extractGraph, profileName, snapped.stream().map(PointSnap::snap).toList());
        QueryGraph queryGraph = trees.queryGraph();
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < snapped.size(); i++) {
            if (full || snapped.get(i).point().isFacility()) {
                sources.add(i);
            }
        }
        String step = "route-ways:" + profileName;
        progress.begin(step, sources.size());
        int done = 0;
        for (int source : sources) {
            IntHashSet walked = new IntHashSet();
            for (IsoLabel target : trees.from(source)) {
                // the routes of one tree share their beginnings: walk each node once
                IsoLabel label = target;
                while (label != null && label.parent != null && walked.add(label.node)) {
                    wayIds.add(queryGraph
                            .getEdgeIteratorState(label.edge, label.node)
                            .get(wayIdEnc));
                    label = label.parent;
                }
            }
            progress.update(step, ++done);
        }
        progress.end(step, done);
        LOG.info(
                "profile {}: {} trees between {} points on the whole extract, {} route ways so far, in {} ms",
                profileName,
                done,
                snapped.size(),
                wayIds.size(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
