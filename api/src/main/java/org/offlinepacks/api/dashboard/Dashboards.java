package org.offlinepacks.api.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.IndicatorDefinition;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;

/**
 * The dashboards of a user's area (their boundaries and everything below them; an admin's whole
 * campaign): every indicator's total per boundary (which includes what is below it) and its values
 * on the last days that have any. One small document with its own hash, which the sync index names,
 * so a device fetches it only when a number changed. Knows nothing of HTTP.
 */
public final class Dashboards {
    public static final String HREF = "/v1/dashboards";
    /** Days per boundary: the most recent ones with a value. */
    static final int MAX_DAYS = 14;
    /** Boundaries per document; an area with more lists its top ones (parents before children). */
    static final int MAX_BOUNDARIES = 2000;

    private final IndicatorTotals totals;
    private final CampaignCatalog campaigns;

    public Dashboards(IndicatorTotals totals, CampaignCatalog campaigns) {
        this.totals = totals;
        this.campaigns = campaigns;
    }

    /**
     * The dashboards document.
     *
     * @param omittedBoundaries boundaries of the area past {@link #MAX_BOUNDARIES}, not listed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(
            String campaignId,
            List<Indicator> indicators,
            List<BoundaryValues> boundaries,
            Integer omittedBoundaries) {}

    /** An indicator as devices show it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Indicator(String id, String label, String form, String aggregate, String field) {}

    /**
     * One boundary's numbers: totals over all days, and the last days with a value.
     *
     * @param totals indicator id to value (0 when nothing was counted)
     */
    public record BoundaryValues(String boundaryId, String name, Map<String, Long> totals, List<Day> days) {}

    /** One day's values (the entries' local date), indicator id to value, only those counted that day. */
    public record Day(String day, Map<String, Long> values) {}

    /** The rendered document: canonical JSON and its sha256. */
    public record Rendered(Document document, byte[] json, String sha256) {}

    /** What the sync index says about the dashboards: where they are and their hash. */
    public record IndexSection(String href, String sha256) {}

    /** The index's {@code dashboards}, or null when the user's campaign has no indicators. */
    public IndexSection indexSection(User user) {
        Rendered rendered = render(user);
        return rendered == null ? null : new IndexSection(HREF, rendered.sha256());
    }

    /** The user's dashboards, or null when the campaign has no indicators. */
    public Rendered render(User user) {
        Campaign campaign = campaigns.campaign(user.campaignId());
        List<IndicatorDefinition> indicators = campaign.settings().indicators();
        if (indicators.isEmpty()) {
            return null;
        }
        List<String> area = area(user, campaign);
        List<String> listed = area.subList(0, Math.min(area.size(), MAX_BOUNDARIES));
        Map<String, Map<String, Map<String, Long>>> byBoundary = new HashMap<>(); // boundary → day → indicator
        for (IndicatorTotals.Total total : totals.totals(user.campaignId(), listed)) {
            byBoundary
                    .computeIfAbsent(total.boundaryId(), b -> new TreeMap<>())
                    .computeIfAbsent(total.day(), d -> new TreeMap<>())
                    .put(total.indicatorId(), total.value());
        }
        List<BoundaryValues> boundaries = new ArrayList<>();
        for (String boundaryId : listed.stream().sorted().toList()) {
            Map<String, Map<String, Long>> days = byBoundary.getOrDefault(boundaryId, Map.of());
            Map<String, Long> all = new TreeMap<>();
            indicators.forEach(i -> all.put(
                    i.id(),
                    days.getOrDefault(IndicatorCounter.ALL_DAYS, Map.of()).getOrDefault(i.id(), 0L)));
            List<Day> recent = days.entrySet().stream()
                    .filter(d -> !d.getKey().equals(IndicatorCounter.ALL_DAYS))
                    .sorted(Map.Entry.<String, Map<String, Long>>comparingByKey()
                            .reversed())
                    .limit(MAX_DAYS)
                    .sorted(Map.Entry.comparingByKey())
                    .map(d -> new Day(d.getKey(), d.getValue()))
                    .toList();
            String name = campaign.boundary(boundaryId).map(Boundary::name).orElse(null);
            boundaries.add(new BoundaryValues(boundaryId, name, all, recent));
        }
        Document document = new Document(
                campaign.settings().id(),
                indicators.stream()
                        .map(i -> new Indicator(
                                i.id(), i.label(), i.formId(), i.aggregate().code(), i.field()))
                        .toList(),
                boundaries,
                area.size() > listed.size() ? area.size() - listed.size() : null);
        byte[] json = CanonicalJson.bytes(document);
        return new Rendered(
                document, json, HexFormat.of().formatHex(Sha256.newDigest().digest(json)));
    }

    /** The user's boundaries and everything below them, parents before children; an admin's all. */
    private static List<String> area(User user, Campaign campaign) {
        if (user.role() == Role.ADMIN) {
            BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
            Set<String> all = new LinkedHashSet<>();
            campaign.boundaries().stream()
                    .filter(b -> b.parentId() == null
                            || campaign.boundary(b.parentId()).isEmpty())
                    .sorted(Comparator.comparing(Boundary::id))
                    .forEach(top -> all.addAll(hierarchy.selfAndDescendants(top.id())));
            return List.copyOf(all);
        }
        BoundaryHierarchy hierarchy = new BoundaryHierarchy(campaign.boundaries());
        Set<String> area = new LinkedHashSet<>();
        user.boundaryIds().stream().sorted().forEach(assigned -> area.addAll(hierarchy.selfAndDescendants(assigned)));
        return List.copyOf(area);
    }
}
