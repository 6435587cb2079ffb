package org.offlinepacks.boundarydata.campaign;

import java.util.List;

/**
 * {@code attachments} of campaign.json: what files an entry may carry (photos, mostly).
 *
 * @param maxBytes the largest attachment, at most {@link #MAX_BYTES}
 * @param mediaTypes the media types accepted, e.g. {@code image/jpeg}
 * @param maxPerEntry how many attachments one entry may list
 */
public record AttachmentSettings(long maxBytes, List<String> mediaTypes, int maxPerEntry) {
    /** The service's file limit: an attachment is uploaded as one file. */
    public static final long MAX_BYTES = 32L << 20;

    public static final int MAX_PER_ENTRY = 50;

    public AttachmentSettings {
        if (maxBytes < 1 || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException("\"maxBytes\" must be 1 to " + MAX_BYTES + ", found " + maxBytes);
        }
        if (mediaTypes == null || mediaTypes.isEmpty()) {
            throw new IllegalArgumentException(
                    "\"mediaTypes\" must list at least one media type, e.g. [\"image/jpeg\"]");
        }
        for (String type : mediaTypes) {
            if (type == null || !type.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
                throw new IllegalArgumentException(
                        "\"mediaTypes\" must be lowercase media types like image/jpeg, found " + type);
            }
        }
        if (maxPerEntry < 1 || maxPerEntry > MAX_PER_ENTRY) {
            throw new IllegalArgumentException(
                    "\"maxPerEntry\" must be 1 to " + MAX_PER_ENTRY + ", found " + maxPerEntry);
        }
        mediaTypes = List.copyOf(mediaTypes);
    }

    /** 10 MiB photos (JPEG, PNG, WebP), 10 per entry. */
    public static AttachmentSettings defaults() {
        return new AttachmentSettings(10L << 20, List.of("image/jpeg", "image/png", "image/webp"), 10);
    }
}
