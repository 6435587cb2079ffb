package org.offlinepacks.tilepacker.source;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses the OpenStreetMap Foundation's tile servers and their community mirrors: their tile
 * usage policy (https://operations.osmfoundation.org/policies/tiles/) forbids bulk downloading and
 * offline packs are exactly that.
 */
public final class OsmTilePolicy {
    private static final List<String> REFUSED_DOMAINS = List.of(
            "tile.openstreetmap.org",
            "tile.osm.org",
            "tile.openstreetmap.de",
            "tile.openstreetmap.fr",
            "tile.openstreetmap.ch",
            "tile.osm.ch",
            "openstreetmap.org",
            "osm.org");

    private OsmTilePolicy() {}

    /** Why this host must not be used as a pack source, or empty when it may. */
    public static Optional<String> refusal(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String domain : REFUSED_DOMAINS) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return Optional.of(
                        "tile server " + host + " is an OpenStreetMap public tile server (or mirror): its"
                                + " usage policy forbids bulk downloads and offline use"
                                + " (https://operations.osmfoundation.org/policies/tiles/). Use your organisation's own tile"
                                + " server, a commercial provider that allows offline packs, or a local MBTiles (mbtiles:PATH).");
            }
        }
        return Optional.empty();
    }
}
