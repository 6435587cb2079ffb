package org.offlinepacks.boundarydata.users;

/** What a user may do. Field workers and supervisors read; planners and admins also change boundaries. */
public enum Role {
    FIELD_WORKER,
    SUPERVISOR,
    PLANNER,
    ADMIN;

    /** Whether the role may change boundaries (geometry, rebuilds). */
    public boolean plans() {
        return this == PLANNER || this == ADMIN;
    }
}
