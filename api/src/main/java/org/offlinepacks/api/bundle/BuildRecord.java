package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each part writer of a published version was given, as a key, and what it wrote: kept beside
 * the version as {@code build.json} (not a part: devices never see it), so that the next build can
 * reuse the parts of a writer whose inputs did not change instead of writing them again.
 */
public record BuildRecord(Map<String, Writer> writers) {
    public static final String FILE_NAME = "build.json";

    /**
     * One writer's inputs key, the parts it wrote as the manifest lists them, and its warnings (what
     * its parts lack, e.g. no routing for a boundary without a road), which a reuse repeats.
     */
    public record Writer(String inputsKey, List<PackManifest.Part> parts, List<String> sources, List<String> warnings) {
        public Writer {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        public Writer(String inputsKey, List<PackManifest.Part> parts, List<String> sources) {
            this(inputsKey, parts, sources, List.of());
        }
    }

    public BuildRecord {
        writers = new TreeMap<>(writers);
    }

    /** The record in {@code file}; empty when there is none or it cannot be read. */
    public static Optional<BuildRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty(); // built before reuse existed
        }
        try {
            return Optional.of(PartJson.read(file, BuildRecord.class));
        } catch (IOException e) {
            return Optional.empty(); // unreadable: build everything again
        }
    }

    public void writeTo(Path packFolder) throws IOException {
        PartJson.write(packFolder.resolve(FILE_NAME), this);
    }
}
