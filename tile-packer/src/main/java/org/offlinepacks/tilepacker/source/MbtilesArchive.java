package org.offlinepacks.tilepacker.source;

import java.nio.file.Path;
import java.util.Objects;

/** A local MBTiles file from which the cover's tiles are copied. */
public record MbtilesArchive(Path path) implements TileSourceSpec {
    public MbtilesArchive {
        Objects.requireNonNull(path, "path");
    }

    /** Resolves a relative path against a folder (the campaign folder). */
    public MbtilesArchive resolveAgainst(Path folder) {
        return path.isAbsolute()
                ? this
                : new MbtilesArchive(folder.resolve(path).normalize());
    }

    @Override
    public String cacheKey() {
        return TileSourceSpec.MBTILES_PREFIX + path.toAbsolutePath().normalize();
    }
}
