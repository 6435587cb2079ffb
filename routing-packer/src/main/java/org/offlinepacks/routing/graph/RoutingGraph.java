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

    RoutingGraph(GraphHopper hopper, List<String> profileNames) {
        this.hopper = hopper;
        this.profileNames = List.copyOf(profileNames);
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
        hopper.close();
    }
}
