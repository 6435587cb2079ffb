package org.offlinepacks.api.upload;

/**
 * A version of an entry that arrived after another version with the same id was stored: kept
 * aside for a reviewer, never applied.
 *
 * @param keptJson the stored version (the first that arrived)
 * @param conflictJson the version kept aside
 */
public record KeptConflict(
        String clientReferenceId,
        String boundaryId,
        String formId,
        String uploadedBy,
        String uploadId,
        String receivedAt,
        String keptJson,
        String conflictJson) {}
