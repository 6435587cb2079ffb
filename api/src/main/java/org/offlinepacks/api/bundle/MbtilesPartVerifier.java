package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;

/**
 * Checks an MBTiles part: SQLite integrity, the metadata, zooms within minzoom..maxzoom and every
 * tile decoding as the declared format.
 */
public final class MbtilesPartVerifier implements PartVerifier {
    @Override
    public boolean appliesTo(String partPath) {
        return partPath.endsWith(".mbtiles");
    }

    @Override
    public List<String> verify(Path packDir, String partPath) throws IOException {
        return MbtilesValidator.validate(packDir.resolve(partPath));
    }
}
