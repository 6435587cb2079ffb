package org.offlinepacks.boundarydata.users;

import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;

/**
 * Who may see and change which boundary. A user reaches the boundaries assigned to them and
 * everything below them; an admin reaches the whole campaign. Only planners and admins change
 * boundaries. A boundary outside the campaign is never reachable, so callers give the same answer
 * for "not yours" and "does not exist".
 */
public final class AccessPolicy {
    private final String campaignId;
    private final BoundaryHierarchy hierarchy;

    /** @param hierarchy the boundaries of campaign {@code campaignId} */
    public AccessPolicy(String campaignId, BoundaryHierarchy hierarchy) {
        this.campaignId = campaignId;
        this.hierarchy = hierarchy;
    }

    /** Whether the user may read the boundary's packs, forms and entries. */
    public boolean mayRead(User user, String boundaryId) {
        if (!user.campaignId().equals(campaignId)
                || hierarchy.selfAndDescendants(boundaryId).isEmpty()) {
            return false;
        }
        if (user.role() == Role.ADMIN) {
            return true;
        }
        return user.boundaryIds().stream().anyMatch(assigned -> hierarchy.isWithin(boundaryId, assigned));
    }

    /** Whether the user may change the boundary (new geometry, rebuild). */
    public boolean mayWrite(User user, String boundaryId) {
        return user.role().plans() && mayRead(user, boundaryId);
    }
}
