package org.offlinepacks.api.bundle;

import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;

/**
 * What one pack is built from.
 *
 * @param points the points assigned to the boundary (facilities and households)
 */
public record PackInput(Campaign campaign, Boundary boundary, List<AssignedPoint> points) {
    public PackInput {
        points = List.copyOf(points);
    }
}
