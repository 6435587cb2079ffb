package org.offlinepacks.api.analytics;

import java.util.List;

/**
 * What the service did with an analytics file: how many events were new, already stored (sent
 * before, a success) or rejected, and the first rejections with their line and reason.
 *
 * @param rejections at most {@link Analytics#MAX_REJECTIONS_LISTED}, in line order
 */
public record AnalyticsReceipt(
        String uploadId, String sha256, String receivedAt, Counts counts, List<Rejection> rejections) {
    public AnalyticsReceipt {
        rejections = List.copyOf(rejections);
    }

    public record Counts(int accepted, int duplicate, int rejected) {}

    /** One rejected line: {@code eventId} when it had one. */
    public record Rejection(int line, String eventId, String reason, String message) {}
}
