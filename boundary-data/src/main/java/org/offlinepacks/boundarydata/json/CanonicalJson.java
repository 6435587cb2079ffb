package org.offlinepacks.boundarydata.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one way JSON is written where bytes matter: every part of a pack (the hash is the part's
 * address, so the same content must give the same bytes whichever process wrote it) and the
 * stored text of uploaded entries (same content means duplicate). Object keys are sorted at every
 * level, including inside {@link JsonNode} trees and objects whose property order Jackson takes
 * from reflection (which can differ from one JVM run to the next); no whitespace; UTF-8. A part
 * file ends with a newline.
 */
public final class CanonicalJson {
    /** For turning values into trees and reading JSON back; Java time as ISO-8601 text. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private CanonicalJson() {}

    /** The canonical text of a JSON tree, without a trailing newline. */
    public static String text(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The bytes of a part file holding {@code value} (a tree, a record, a map…): canonical text and a newline. */
    public static byte[] bytes(Object value) {
        JsonNode tree = value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
        return (text(tree) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code value} as a part file, creating its folder. */
    public static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes(value));
    }

    /**
     * A generator for writers that stream their JSON event by event: the events are kept and, on
     * {@link JsonGenerator#close()}, written to {@code file} canonically. (The whole document is held
     * in memory; parts are megabytes, not gigabytes.)
     */
    public static JsonGenerator generator(Path file) {
        TokenBuffer buffer = new TokenBuffer(MAPPER, false);
        return new JsonGeneratorDelegate(buffer, false) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                super.close();
                write(file, MAPPER.readTree(buffer.asParser()));
            }
        };
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            generator.writeStartObject();
            for (String name : names) {
                generator.writeFieldName(name);
                write(node.get(name), generator);
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(element, generator);
            }
            generator.writeEndArray();
        } else {
            generator.writeTree(node);
        }
    }
}
