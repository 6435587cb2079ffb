package org.offlinepacks.boundarydata.store;

/**
 * What importing a campaign folder did to one boundary's current version.
 *
 * @param previousVersion the current version before the import, or null for a new boundary
 * @param fileVersion the version of the folder's geometry
 * @param currentVersion the current version after the import
 */
public record BoundaryImport(
        String boundaryId, Outcome outcome, String previousVersion, String fileVersion, String currentVersion) {
    /** The rule: the folder's geometry wins only where the folder changed since its last import. */
    public enum Outcome {
        /** Not in the store before: the folder's version is current. */
        ADDED,
        /** The folder's version was current already. */
        UNCHANGED,
        /** The folder changed since its last import and nobody had edited it since: the folder's version is current. */
        UPDATED,
        /** The folder changed since its last import, and so had the boundary (a planner's edit): the folder wins. */
        EDIT_REPLACED,
        /** The folder did not change since its last import, the boundary did (a planner's edit): the edit stays. */
        EDIT_KEPT,
        /** No longer in the folder: retired (out of the campaign; its packs go after a grace period). */
        RETIRED
    }

    /** Whether the boundary's current version is another one than before the import. */
    public boolean changedCurrent() {
        return outcome == Outcome.RETIRED || previousVersion == null || !previousVersion.equals(currentVersion);
    }

    /** One line for people, e.g. {@code osm-relation-1: planner's version ab12 kept, ...}. */
    public String describe() {
        return boundaryId + ": "
                + switch (outcome) {
                    case ADDED -> "added at version " + currentVersion;
                    case UNCHANGED -> "unchanged at version " + currentVersion;
                    case UPDATED -> "updated from the folder, version " + previousVersion + " -> " + currentVersion;
                    case EDIT_REPLACED ->
                        "the folder changed since its last import, so its version " + currentVersion
                                + " replaces the edited version " + previousVersion + " (kept in the history)";
                    case EDIT_KEPT ->
                        "the edited version " + currentVersion + " stays current; the folder still has version "
                                + fileVersion + ", unchanged since its last import";
                    case RETIRED -> "no longer in the folder: retired (its packs stay downloadable for a grace period)";
                };
    }
}
