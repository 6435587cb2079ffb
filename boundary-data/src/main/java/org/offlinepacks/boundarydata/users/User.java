package org.offlinepacks.boundarydata.users;

import java.util.Objects;
import java.util.Set;

/**
 * Someone who calls the service: a device's field worker, a supervisor, a planner or an admin.
 *
 * @param campaignId the campaign the user works for; they see nothing of other campaigns
 * @param boundaryIds the boundaries assigned to the user; they also reach everything below them
 */
public record User(String id, String campaignId, Role role, Set<String> boundaryIds) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(role, "role");
        boundaryIds = Set.copyOf(boundaryIds);
    }
}
