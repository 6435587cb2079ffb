package org.offlinepacks.api.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.IndicatorDefinition;
import org.offlinepacks.boundarydata.json.CanonicalJson;

/**
 * What one entry adds to a campaign's indicators: for each indicator of its form whose filter it
 * passes, an amount (count: 1, sum: its integer answer) or a value (distinct), for its boundary and
 * every ancestor, on its day and on all days.
 */
final class IndicatorCounter {
    /** The day key of the totals over all days. */
    static final String ALL_DAYS = "";

    /** One row of totals an entry touches: a sum to add, or a distinct value (sha256) to count once. */
    record Contribution(String indicatorId, String boundaryId, String day, long amount, String distinctValue) {}

    private final List<IndicatorDefinition> indicators;
    private final Map<String, List<String>> ancestry = new TreeMap<>();

    IndicatorCounter(Campaign campaign) {
        this.indicators = campaign.settings().indicators();
        Map<String, String> parents = new TreeMap<>();
        campaign.boundaries().forEach(b -> parents.put(b.id(), b.parentId()));
        for (Boundary boundary : campaign.boundaries()) {
            List<String> selfAndAncestors = new ArrayList<>();
            // the campaign reader refuses cycles; the bound keeps a stored one from looping
            for (String id = boundary.id();
                    id != null && parents.containsKey(id) && selfAndAncestors.size() <= parents.size();
                    id = parents.get(id)) {
                selfAndAncestors.add(id);
            }
            ancestry.put(boundary.id(), selfAndAncestors);
        }
    }

    boolean isEmpty() {
        return indicators.isEmpty();
    }

    /** The forms some indicator counts. */
    List<String> forms() {
        return indicators.stream()
                .map(IndicatorDefinition::formId)
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * What the definitions and the hierarchy are: totals counted under another fingerprint are
     * counted again.
     */
    String fingerprint() {
        Map<String, Object> inputs = new TreeMap<>();
        inputs.put("indicators", indicators);
        inputs.put("ancestry", ancestry);
        return HexFormat.of().formatHex(Sha256.newDigest().digest(CanonicalJson.bytes(inputs)));
    }

    /**
     * What an entry adds; nothing for an entry of a boundary outside the campaign (retired) or with
     * an unreadable date (entries are checked before they are stored, so neither happens to new ones).
     */
    List<Contribution> contributions(String formId, String boundaryId, String createdAt, JsonNode data) {
        List<String> boundaries = ancestry.get(boundaryId);
        if (boundaries == null) {
            return List.of();
        }
        String day;
        try {
            day = OffsetDateTime.parse(createdAt).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            return List.of();
        }
        List<Contribution> contributions = new ArrayList<>();
        for (IndicatorDefinition indicator : indicators) {
            if (!indicator.formId().equals(formId) || !passes(indicator.filter(), data)) {
                continue;
            }
            long amount = 0;
            String distinct = null;
            switch (indicator.aggregate()) {
                case COUNT -> amount = 1;
                case SUM -> {
                    JsonNode answer = data.get(indicator.field());
                    amount = answer != null && answer.canConvertToExactIntegral() ? answer.asLong() : 0;
                }
                case DISTINCT -> {
                    JsonNode answer = data.get(indicator.field());
                    if (answer == null || answer.isNull()) {
                        continue;
                    }
                    distinct = HexFormat.of()
                            .formatHex(Sha256.newDigest()
                                    .digest(CanonicalJson.text(answer).getBytes(StandardCharsets.UTF_8)));
                }
            }
            if (amount == 0 && distinct == null) {
                continue;
            }
            for (String boundary : boundaries) {
                for (String key : List.of(day, ALL_DAYS)) {
                    contributions.add(new Contribution(indicator.id(), boundary, key, amount, distinct));
                }
            }
        }
        return contributions;
    }

    private static boolean passes(IndicatorDefinition.Filter filter, JsonNode data) {
        if (filter == null) {
            return true;
        }
        JsonNode answer = data.get(filter.field());
        if (answer == null) {
            return false;
        }
        if (answer.isNumber() && filter.value().isNumber()) {
            return answer.decimalValue().compareTo(filter.value().decimalValue()) == 0;
        }
        return answer.equals(filter.value());
    }
}
