package org.offlinepacks.boundarydata.campaign;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What campaign.json says: identity, locales, attribution and the pack defaults.
 *
 * @param attribution credit every pack of this campaign carries (e.g. "© OpenStreetMap
 *     contributors")
 * @param tiles the map part's defaults, or null when the campaign's packs carry no map
 * @param routing the routing part's defaults, or null when the packs carry no routing
 * @param tileOverrides per boundary id, its exception to the tile defaults ({@code packOverrides})
 */
public record CampaignSettings(
        String id,
        String name,
        List<String> locales,
        String attribution,
        TileDefaults tiles,
        RoutingDefaults routing,
        Map<String, TileOverride> tileOverrides) {
    public CampaignSettings(
            String id,
            String name,
            List<String> locales,
            String attribution,
            TileDefaults tiles,
            RoutingDefaults routing) {
        this(id, name, locales, attribution, tiles, routing, Map.of());
    }

    public CampaignSettings {
        Objects.requireNonNull(id, "id");
        locales = List.copyOf(locales);
        tileOverrides = tileOverrides == null ? Map.of() : Map.copyOf(tileOverrides);
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
}
