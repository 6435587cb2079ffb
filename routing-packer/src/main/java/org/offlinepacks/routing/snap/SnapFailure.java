package org.offlinepacks.routing.snap;

/** Why an assigned point could not be placed on the road network. */
public enum SnapFailure {
    OUTSIDE_ROUTING_AREA("the point lies outside the boundary buffered by the routing buffer; "
            + "assign it to the boundary that contains it or widen the buffer"),
    NO_ROAD_IN_GRAPH("no road this profile may use was found near the point"),
    TOO_FAR_FROM_ROAD("the nearest road this profile may use is farther than the snap limit; "
            + "check the point's position (a lake, a field) or raise the limit");

    private final String explanation;

    SnapFailure(String explanation) {
        this.explanation = explanation;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String explanation() {
        return explanation;
    }
}
