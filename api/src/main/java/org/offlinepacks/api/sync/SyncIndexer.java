package org.offlinepacks.api.sync;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.keys.CampaignKeys;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.campaign.Localization;
import org.offlinepacks.boundarydata.campaign.SosContact;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;

/**
 * Builds a user's {@link SyncIndex}, the one document a device asks "anything new?" about, and the
 * campaign documents it points at (forms, a localization, the SOS contacts of the user's area).
 * Knows nothing of HTTP.
 */
public final class SyncIndexer {
    /** The index as served: its canonical bytes and a short strong tag over them. */
    public record Rendered(SyncIndex index, byte[] json, String etag) {}

    private final CampaignCatalog campaigns;
    private final PackDownloads downloads;
    private final Function<User, Object> registrationIds;
    private final Function<User, Object> dashboards;
    private final CampaignKeys keys;

    /** An index without campaign data or keys: no registration IDs, no dashboards, no keys. */
    public SyncIndexer(CampaignCatalog campaigns, PackDownloads downloads) {
        this(campaigns, downloads, null, user -> null, user -> null);
    }

    /**
     * @param keys the campaigns' public keys, or null for callers that do not serve them
     * @param registrationIds the index's {@code registrationIds} for a user (null when none)
     * @param dashboards the index's {@code dashboards} for a user: where they are and their hash (null when none)
     */
    public SyncIndexer(
            CampaignCatalog campaigns,
            PackDownloads downloads,
            CampaignKeys keys,
            Function<User, Object> registrationIds,
            Function<User, Object> dashboards) {
        this.campaigns = campaigns;
        this.downloads = downloads;
        this.keys = keys;
        this.registrationIds = registrationIds;
        this.dashboards = dashboards;
    }

    public Rendered index(User user) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        List<SyncIndex.Pack> packs = new ArrayList<>();
        for (String boundaryId : boundariesToHold(user, campaign)) {
            PackDownloads.CurrentPack current;
            try {
                current = downloads.currentPack(user, boundaryId);
            } catch (NotFoundException noPack) {
                continue; // never published, or retired: a device holds nothing for it
            }
            Boundary boundary = campaign.boundary(boundaryId).orElseThrow();
            packs.add(new SyncIndex.Pack(
                    boundaryId,
                    boundary.name(),
                    current.packVersion(),
                    new SyncIndex.Resource(
                            null,
                            "/v1/packs/" + boundaryId + "/manifest",
                            unquote(current.manifest().etag()))));
        }
        List<SyncIndex.Resource> localizations = campaign.localizations().stream()
                .sorted(Comparator.comparing(Localization::locale))
                .map(l -> new SyncIndex.Resource(l.locale(), "/v1/i18n/" + l.locale(), sha256(localization(l))))
                .toList();
        SyncIndex index = new SyncIndex(
                campaign.settings().id(),
                user.id(),
                packs,
                new SyncIndex.Forms(
                        "/v1/forms",
                        sha256(forms(campaign)),
                        campaign.forms().stream()
                                .sorted(Comparator.comparing(FormSchema::id).thenComparingInt(FormSchema::version))
                                .map(f -> new SyncIndex.FormVersion(f.id(), f.version()))
                                .toList()),
                localizations,
                new SyncIndex.Resource(null, "/v1/sos", sha256(sos(user))),
                registrationIds.apply(user),
                dashboards.apply(user),
                keys == null ? null : new SyncIndex.Resource(null, "/v1/keys", sha256(keys(user))));
        byte[] json = CanonicalJson.bytes(index);
        return new Rendered(index, json, tag(json));
    }

    /** The campaign's public keys, as {@code GET /v1/keys} serves them: the document the index's keys hash is over. */
    public CampaignKeys.Document keys(User user) {
        if (keys == null) {
            throw new NotFoundException("this service serves no keys");
        }
        return keys.document(user.campaignId());
    }

    /** Every form version of the user's campaign: the list the index's forms hash is over. */
    public List<FormSchema> forms(User user) {
        return forms(campaigns.campaign(user.campaignId()));
    }

    private List<FormSchema> forms(Campaign campaign) {
        return campaign.forms().stream()
                .sorted(Comparator.comparing(FormSchema::id).thenComparingInt(FormSchema::version))
                .toList();
    }

    /** One locale's messages, every key. */
    public Map<String, String> localization(User user, String locale) {
        return campaigns.campaign(user.campaignId()).localizations().stream()
                .filter(l -> l.locale().equals(locale))
                .findFirst()
                .map(SyncIndexer::localization)
                .orElseThrow(() -> new NotFoundException("the campaign has no localization " + locale));
    }

    private static Map<String, String> localization(Localization localization) {
        return new TreeMap<>(localization.messages());
    }

    /** The SOS contacts of the user's area: campaign-wide ones and those of their boundaries and above. */
    public List<SosContact> sos(User user) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
        Set<String> area = new LinkedHashSet<>(boundariesToHold(user, campaign));
        return campaign.sosContacts().stream()
                .filter(contact -> user.role() == Role.ADMIN
                        || contact.boundaryIds().isEmpty()
                        || contact.boundaryIds().stream()
                                .anyMatch(id -> area.stream().anyMatch(mine -> hierarchy.isWithin(mine, id))))
                .sorted(Comparator.comparing(SosContact::id))
                .toList();
    }

    /**
     * The boundaries whose packs a user's device holds: a field worker's own; for supervisors and
     * planners also every boundary below theirs; for admins the whole campaign.
     */
    private static List<String> boundariesToHold(User user, Campaign campaign) {
        if (user.role() == Role.ADMIN) {
            return campaign.boundaries().stream().map(Boundary::id).sorted().toList();
        }
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
        Set<String> boundaries = new java.util.TreeSet<>();
        for (String assigned : user.boundaryIds()) {
            if (user.role() == Role.FIELD_WORKER) {
                if (campaign.boundary(assigned).isPresent()) {
                    boundaries.add(assigned);
                }
            } else {
                boundaries.addAll(hierarchy.selfAndDescendants(assigned));
            }
        }
        return List.copyOf(boundaries);
    }

    private static String sha256(Object value) {
        return java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(CanonicalJson.bytes(value)));
    }

    /** 128 bits of the index's SHA-256, base64url: strong, and short enough for a 2G "anything new?". */
    private static String tag(byte[] json) {
        byte[] digest = Sha256.newDigest().digest(json);
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16))
                + "\"";
    }

    private static String unquote(String etag) {
        return etag.substring(1, etag.length() - 1);
    }
}
