package org.offlinepacks.boundarydata.campaign;

import java.util.Objects;

/**
 * A place a field worker visits (a household) or reports to (a facility), in WGS84.
 *
 * @param boundaryId the boundary the point is assigned to, or null when it has none
 */
public record AssignedPoint(String id, String kind, String name, String boundaryId, double lon, double lat) {
    public static final String FACILITY = "facility";

    public AssignedPoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean isFacility() {
        return FACILITY.equals(kind);
    }
}
