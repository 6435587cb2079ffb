package org.offlinepacks.routing.graph;

import com.graphhopper.GraphHopper;
import com.graphhopper.config.Profile;
import com.graphhopper.routing.ev.BooleanEncodedValue;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.util.PMap;
import java.util.List;

/** An imported or loaded routing graph: GraphHopper plus the profiles it was built with. */
public final class RoutingGraph implements AutoCloseable {
    private final GraphHopper hopper;
    private final List<String> profileNames;
    private final Runnable onClose;

    RoutingGraph(GraphHopper hopper, List<String> profileNames) {
        this.hopper = hopper;
        this.profileNames = List.copyOf(profileNames);
        this.onClose = hopper::close;
    }

    private RoutingGraph(RoutingGraph graph, Runnable onClose) {
        this.hopper = graph.hopper;
        this.profileNames = graph.profileNames;
        this.onClose = onClose;
    }

    /**
     * This graph for one more user (GraphHopper answers queries from several threads), whose
     * {@link #close()} runs {@code onClose} instead of closing the graph: a cache that keeps a graph
     * loaded hands out these and closes the graph itself.
     */
    public RoutingGraph shared(Runnable onClose) {
        return new RoutingGraph(this, onClose);
    }

    /** Whether the graph's storage is closed (no query may use it any more). */
    public boolean isClosed() {
        return hopper.getBaseGraph().isClosed();
    }

    public GraphHopper hopper() {
        return hopper;
    }

    public List<String> profileNames() {
        return profileNames;
    }

    public Weighting weighting(String profileName) {
        Profile profile = hopper.getProfile(profileName);
        if (profile == null) {
            throw new IllegalArgumentException("the graph has no profile '" + profileName + "', only " + profileNames);
        }
        return hopper.createWeighting(profile, new PMap());
    }

    /** Snaps only to edges the profile may use that belong to its main (not a tiny, cut-off) network. */
    public EdgeFilter snapFilter(String profileName) {
        BooleanEncodedValue inSubnetwork =
                hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(profileName));
        return new DefaultSnapFilter(weighting(profileName), inSubnetwork);
    }

    public int nodes() {
        return hopper.getBaseGraph().getNodes();
    }

    public int edges() {
        return hopper.getBaseGraph().getEdges();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
