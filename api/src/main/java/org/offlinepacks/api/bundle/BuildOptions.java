package org.offlinepacks.api.bundle;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.offlinepacks.boundarydata.store.Database;

/**
 * How packs are built on this machine, beyond what the campaign says.
 *
 * @param dataDir the data folder: published packs, the shared tile cache, the store
 * @param tileSourceOverride a tile source that replaces the campaign's (the demo points it at its
 *     local tile server), or null
 * @param tileCache the database of the shared tile cache (the one every worker shares), or null
 *     for the data folder's {@code tile-cache.sqlite}
 */
public record BuildOptions(Path dataDir, String tileSourceOverride, Database tileCache) {
    public BuildOptions {
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** With the data folder's own tile cache. */
    public BuildOptions(Path dataDir, String tileSourceOverride) {
        this(dataDir, tileSourceOverride, null);
    }

    public Optional<String> tileSource() {
        return Optional.ofNullable(tileSourceOverride);
    }
}
