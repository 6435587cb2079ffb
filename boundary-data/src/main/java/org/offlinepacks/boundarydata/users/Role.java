package org.offlinepacks.boundarydata.users;

/** What a user may do. Field workers and supervisors read; planners and admins also change boundaries. */
public enum Role {
    FIELD_WORKER,
    SUPERVISOR,
    PLANNER,
    ADMIN;

    /**
     * Whether the role may upload entries created by someone else (carried device to device):
     * supervisors, and admins who may do anything in their campaign.
     */
    public boolean relays() {
        return this == SUPERVISOR || this == ADMIN;
    }

    /** Whether the role may change boundaries (geometry, rebuilds). */
    public boolean plans() {
        return this == PLANNER || this == ADMIN;
    }
}
