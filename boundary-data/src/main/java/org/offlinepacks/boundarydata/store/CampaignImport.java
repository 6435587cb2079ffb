package org.offlinepacks.boundarydata.store;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What importing a campaign folder did to each of its boundaries. */
public record CampaignImport(String campaignId, List<BoundaryImport> boundaries) {
    public CampaignImport {
        boundaries = List.copyOf(boundaries);
    }

    /** A count per outcome, then one line per boundary that was not simply unchanged. */
    public String describe() {
        Map<BoundaryImport.Outcome, Long> counts = new EnumMap<>(BoundaryImport.Outcome.class);
        boundaries.forEach(b -> counts.merge(b.outcome(), 1L, Long::sum));
        String summary = "campaign " + campaignId + ": " + boundaries.size() + " boundaries ("
                + counts.entrySet().stream()
                        .map(e -> e.getValue() + " "
                                + e.getKey()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' '))
                        .collect(Collectors.joining(", "))
                + ")";
        List<String> lines = boundaries.stream()
                .filter(b -> b.outcome() != BoundaryImport.Outcome.UNCHANGED)
                .map(b -> "  " + b.describe())
                .toList();
        return lines.isEmpty() ? summary : summary + "\n" + String.join("\n", lines);
    }
}
