package org.offlinepacks.api.bundle;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way parts and manifests are written as JSON: keys sorted, compact (devices pay for every
 * byte over 2G), UTF-8, ending
 * with a newline. The same value always gives the same bytes, so unchanged parts keep their hash.
 */
public final class PartJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer();

    private PartJson() {}

    public static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes(value));
    }

    public static byte[] bytes(Object value) throws IOException {
        // JsonNode trees keep insertion order; sorting them goes through a canonical tree
        Object canonical = value instanceof com.fasterxml.jackson.databind.JsonNode
                ? MAPPER.treeToValue((com.fasterxml.jackson.databind.JsonNode) value, Object.class)
                : value;
        byte[] json = WRITER.writeValueAsBytes(canonical);
        byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }
}
