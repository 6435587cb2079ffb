package org.offlinepacks.boundarydata.campaign;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What campaign.json says: identity, locales, attribution and the pack defaults.
 *
 * @param attribution credit every pack of this campaign carries (e.g. "© OpenStreetMap
 *     contributors")
 * @param tiles the map part's defaults, or null when the campaign's packs carry no map
 * @param routing the routing part's defaults, or null when the packs carry no routing
 */
public record CampaignSettings(
        String id, String name, List<String> locales, String attribution, TileDefaults tiles, RoutingDefaults routing) {
    public CampaignSettings {
        Objects.requireNonNull(id, "id");
        locales = List.copyOf(locales);
    }

    public Optional<TileDefaults> tileDefaults() {
        return Optional.ofNullable(tiles);
    }

    public Optional<RoutingDefaults> routingDefaults() {
        return Optional.ofNullable(routing);
    }
}
