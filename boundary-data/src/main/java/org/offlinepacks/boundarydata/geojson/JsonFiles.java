package org.offlinepacks.boundarydata.geojson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * Parses JSON files, reporting a missing file or bad JSON with its line and column. Documents are
 * read into {@link JsonNode} trees with Jackson's streaming parser: an {@link ObjectMapper} costs a
 * tenth of a second to build and load in a fresh JVM, which a short command like {@code cover}
 * would spend before doing anything.
 */
public final class JsonFiles {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonFiles() {}

    /** A shared ObjectMapper, built when first asked for. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The parsed document, or null after reporting why it could not be read. */
    public static JsonNode read(Path path, String name, ValidationReport report) {
        try {
            return parse(Files.readAllBytes(path), name, report);
        } catch (NoSuchFileException e) {
            report.error("missing-file", name, "", "the file does not exist (looked for " + path + ")");
            return null;
        } catch (IOException e) {
            report.error("unreadable-file", name, "", "cannot read the file: " + e.getMessage());
            return null;
        }
    }

    /** The parsed document, or null after reporting where the JSON is broken. */
    public static JsonNode parse(byte[] json, String name, ValidationReport report) {
        try {
            JsonNode node;
            try (JsonParser parser = FACTORY.createParser(json)) {
                JsonToken first = parser.nextToken();
                node = first == null ? null : tree(parser, first);
            }
            if (node == null || node.isMissingNode()) {
                report.error("invalid-json", name, "", "the file is empty");
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String location = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            report.error("invalid-json", name, location, "not valid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            report.error("unreadable-file", name, "", "cannot read the file: " + e.getMessage());
            return null;
        }
    }

    /** The value that starts at {@code token}, as ObjectMapper.readTree would give it. */
    private static JsonNode tree(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, tree(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(tree(parser, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return nodes.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return nodes.booleanNode(false);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    /** A text property, or null when absent or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
