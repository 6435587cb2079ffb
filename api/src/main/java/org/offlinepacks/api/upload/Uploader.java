package org.offlinepacks.api.upload;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The authenticated user who sends a file, the campaign whose forms their entries follow, and the
 * boundaries they may write entries for (their own boundaries and everything below them).
 *
 * @param relays whether the user may upload entries created by someone else (a supervisor carrying
 *     workers' entries device to device); anyone else may upload only entries they created
 */
public record Uploader(String userId, String campaignId, Predicate<String> mayWriteBoundary, boolean relays) {
    public Uploader {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(mayWriteBoundary, "mayWriteBoundary");
    }

    /** An uploader who may upload only their own entries. */
    public Uploader(String userId, String campaignId, Predicate<String> mayWriteBoundary) {
        this(userId, campaignId, mayWriteBoundary, false);
    }
}
