package org.offlinepacks.api.upload;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The authenticated user who sends a file, the campaign whose forms their entries follow, and the
 * boundaries they may write entries for (their own boundaries and everything below them). Entries
 * created by someone else are relayed: they are accepted when this predicate holds for the entry's
 * boundary.
 */
public record Uploader(String userId, String campaignId, Predicate<String> mayWriteBoundary) {
    public Uploader {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(mayWriteBoundary, "mayWriteBoundary");
    }
}
