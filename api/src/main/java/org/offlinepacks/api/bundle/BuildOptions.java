package org.offlinepacks.api.bundle;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How packs are built on this machine, beyond what the campaign says.
 *
 * @param dataDir the data folder: published packs, the shared tile cache, the store
 * @param tileSourceOverride a tile source that replaces the campaign's (the demo points it at its
 *     local tile server), or null
 */
public record BuildOptions(Path dataDir, String tileSourceOverride) {
    public BuildOptions {
        Objects.requireNonNull(dataDir, "dataDir");
    }

    public Optional<String> tileSource() {
        return Optional.ofNullable(tileSourceOverride);
    }
}
