package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What campaign.json says: identity, locales, attribution, the pack defaults, and the campaign data
 * that comes back with entries (registration IDs, dashboard indicators, attachment limits).
 *
 * @param attribution credit every pack of this campaign carries (e.g. "© OpenStreetMap
 *     contributors")
 * @param tiles the map part's defaults, or null when the campaign's packs carry no map
 * @param routing the routing part's defaults, or null when the packs carry no routing
 * @param registrationIds how registration IDs look and are handed out, or null when the campaign
 *     has none
 * @param indicators the dashboards' indicators, in order (empty: no dashboards)
 * @param attachments what files entries may carry ({@link AttachmentSettings#defaults()} unless set)
 * @param tileOverrides per boundary id, its exception to the tile defaults ({@code packOverrides})
 */
public record CampaignSettings(
        String id,
        String name,
        List<String> locales,
        String attribution,
        TileDefaults tiles,
        RoutingDefaults routing,
        RegistrationIdSettings registrationIds,
        List<IndicatorDefinition> indicators,
        AttachmentSettings attachments,
        Map<String, TileOverride> tileOverrides) {
    @JsonCreator
    public CampaignSettings {
        Objects.requireNonNull(id, "id");
        locales = List.copyOf(locales);
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
        attachments = attachments == null ? AttachmentSettings.defaults() : attachments;
        tileOverrides = tileOverrides == null ? Map.of() : Map.copyOf(tileOverrides);
    }

    /** Settings without campaign data or overrides: no registration IDs, no indicators, default attachment limits. */
    public CampaignSettings(
            String id,
            String name,
            List<String> locales,
            String attribution,
            TileDefaults tiles,
            RoutingDefaults routing) {
        this(id, name, locales, attribution, tiles, routing, null, List.of(), null, Map.of());
    }

    /**
     * The tile settings of one boundary's pack: the defaults with its override; empty when the
     * packs carry no map; IllegalArgumentException when its override is invalid.
     */
    public Optional<TileDefaults> tilesFor(String boundaryId) {
        return tileDefaults().map(defaults -> defaults.overriddenBy(tileOverrides.get(boundaryId)));
    }

    public Optional<TileDefaults> tileDefaults() {
        return Optional.ofNullable(tiles);
    }

    public Optional<RoutingDefaults> routingDefaults() {
        return Optional.ofNullable(routing);
    }

    public Optional<RegistrationIdSettings> registrationIdSettings() {
        return Optional.ofNullable(registrationIds);
    }
}
