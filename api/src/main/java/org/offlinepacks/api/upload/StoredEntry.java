package org.offlinepacks.api.upload;

/**
 * An entry as kept: its canonical JSON and the fields it is looked up by.
 *
 * @param contentSha256 SHA-256 of {@code json}, which compares two versions of one id
 * @param createdBy who recorded the entry on a device
 * @param uploadedBy who sent the file; differs from {@code createdBy} for relayed entries
 */
public record StoredEntry(
        String clientReferenceId,
        String contentSha256,
        String formId,
        int formVersion,
        String boundaryId,
        String createdBy,
        String createdAt,
        String uploadedBy,
        String uploadId,
        String json) {}
