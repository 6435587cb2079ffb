package org.offlinepacks.boundarydata.geojson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Parses JSON files, reporting a missing file or bad JSON with its line and column. */
public final class JsonFiles {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {}

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
            JsonNode node = MAPPER.readTree(json);
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

    /** A text property, or null when absent or not text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
