package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.tilepacker.mbtiles.MbtilesValidator;

/**
 * Checks an MBTiles part ({@link MbtilesValidator}): SQLite integrity, the metadata, zooms within
 * minzoom..maxzoom, every tile complete by its format's structure and a sample of them decoding.
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
