package org.offlinepacks.api.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.offlinepacks.boundarydata.json.CanonicalJson;

/**
 * Parts and manifests as JSON: written by {@link CanonicalJson} (keys sorted at every level, compact,
 * UTF-8, a final newline; the same value gives the same bytes in any process, so unchanged parts
 * keep their hash) and read back with the same mapper.
 */
public final class PartJson {
    public static final ObjectMapper MAPPER = CanonicalJson.MAPPER;

    private PartJson() {}

    public static void write(Path file, Object value) throws IOException {
        CanonicalJson.write(file, value);
    }

    public static byte[] bytes(Object value) {
        return CanonicalJson.bytes(value);
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }
}
