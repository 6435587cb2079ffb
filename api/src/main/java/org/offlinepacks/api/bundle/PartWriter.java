package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/**
 * Writes one kind of part (forms, tiles, routing, ...) into a pack's staging folder. Writers must be
 * reproducible: the same input gives byte-identical files, so that unchanged parts keep their
 * sha256 and devices do not download them again.
 */
public interface PartWriter {
    /** Short name for logs and progress, e.g. {@code tiles}. */
    String name();

    /** Writes this writer's files under {@code stagingDir} and returns what it wrote. */
    List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException;

    /**
     * A hash of everything this writer's parts are made of: the same key means the same parts, so a
     * rebuild reuses the previous version's instead of writing them again (no tile fetch, no graph
     * import when only forms, texts or SOS contacts changed). Empty for writers cheap enough to run
     * every time.
     */
    default Optional<String> inputsKey(PackInput input) throws IOException {
        return Optional.empty();
    }
}
