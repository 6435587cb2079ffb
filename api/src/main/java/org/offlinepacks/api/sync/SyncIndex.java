package org.offlinepacks.api.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Everything a device should hold, in one document: the packs of its boundaries, the campaign's
 * forms, localizations and SOS contacts, each with a hash that changes when it changes. A device
 * fetches what it lacks and deletes what the index no longer lists.
 *
 * @param registrationIds the format of the campaign's registration IDs and the user's count of them,
 *     so the device knows when to ask for a batch; null when the campaign has none
 * @param dashboards where the dashboards of the user's area are and their sha256; null when the
 *     campaign has no indicators
 * @param keys the campaign's public keys ({@code GET /v1/keys}): the manifest signing keys and the
 *     upload key sealed files are encrypted to
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncIndex(
        String campaignId,
        String userId,
        List<Pack> packs,
        Forms forms,
        List<Resource> localizations,
        Resource sos,
        Object registrationIds,
        Object dashboards,
        Resource keys) {
    /** The current pack of one boundary: fetch the manifest when its sha256 is not the one held. */
    public record Pack(String boundaryId, String name, long packVersion, Resource manifest) {}

    /** The forms: ids and versions, and one hash over them all. */
    public record Forms(String href, String sha256, List<FormVersion> forms) {}

    public record FormVersion(String id, int version) {}

    /**
     * Something to fetch and its hash.
     *
     * @param name a locale, for localizations; null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String name, String href, String sha256) {}
}
