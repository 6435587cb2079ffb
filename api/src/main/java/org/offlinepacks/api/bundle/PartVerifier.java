package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks one kind of part beyond its size and sha256 (an MBTiles opens and its tiles decode, a graph
 * loads, a JSON part parses).
 */
public interface PartVerifier {
    /** Whether this verifier checks the part at {@code partPath} (relative, forward slashes). */
    boolean appliesTo(String partPath);

    /**
     * Returns the problems found, each a sentence naming what is wrong; empty when the part is
     * valid. {@code packDir} gives access to sibling parts (routing.json beside routing.ghz).
     */
    List<String> verify(Path packDir, String partPath) throws IOException;
}
