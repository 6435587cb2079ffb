package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Reads forms/*.json: one form schema per file with {@code id}, {@code version}, {@code updatedAt}. */
public final class FormReader {
    private FormReader() {}

    static List<FormSchema> read(Path formsDir, ValidationReport report) throws IOException {
        List<FormSchema> forms = new ArrayList<>();
        if (!Files.isDirectory(formsDir)) {
            report.warning("no-forms", "forms/", "", "the campaign has no forms folder; packs will carry no forms");
            return forms;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(formsDir)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Set<String> seen = new HashSet<>();
        for (Path path : files) {
            String file = "forms/" + path.getFileName();
            JsonNode form = JsonFiles.read(path, file, report);
            if (form == null) {
                continue;
            }
            FormSchema schema = parse(form, file, report);
            if (schema != null && !seen.add(schema.id() + "@" + schema.version())) {
                report.error(
                        "duplicate-id",
                        file,
                        "",
                        "form " + schema.id() + " version " + schema.version() + " is defined by an earlier file");
            } else if (schema != null) {
                forms.add(schema);
            }
        }
        return forms;
    }

    /** One form schema ({@code id}, {@code version}, {@code updatedAt}, {@code fields}), or null after reporting why not. */
    public static FormSchema parse(JsonNode form, String file, ValidationReport report) {
        String id = JsonFiles.text(form, "id");
        JsonNode version = form.get("version");
        String updatedAt = JsonFiles.text(form, "updatedAt");
        int errors = report.errors().size();
        if (id == null) {
            report.error("missing-id", file, "", "the form has no \"id\"");
        }
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber() || version.asInt() < 1) {
            report.error("bad-form-version", file, "", "\"version\" must be a whole number >= 1, found " + version);
        }
        Instant updated = null;
        try {
            updated = updatedAt == null ? null : Instant.parse(updatedAt);
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (updated == null) {
            report.error(
                    "bad-timestamp",
                    file,
                    "",
                    "\"updatedAt\" must be an ISO-8601 instant such as 2026-10-01T08:00:00Z, found " + updatedAt);
        }
        JsonNode fields = form.get("fields");
        if (fields != null && !fields.isArray()) {
            report.error("bad-form-fields", file, "", "\"fields\" must be an array of fields");
        } else if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                checkField(fields.get(i), file, "field #" + i, report);
            }
        }
        return report.errors().size() > errors ? null : new FormSchema(id, version.asInt(), updated, form);
    }

    private static void checkField(JsonNode field, String file, String location, ValidationReport report) {
        String id = JsonFiles.text(field, "id");
        if (id == null) {
            report.error("missing-id", file, location, "the field has no \"id\"");
        } else {
            location = location + " (id=" + id + ")";
        }
        JsonNode type = field.get("type");
        Optional<FieldType> known = type == null ? Optional.of(FieldType.DEFAULT) : FieldType.of(type.asText());
        if (known.isEmpty() || (type != null && !type.isTextual())) {
            report.error(
                    "bad-field-type",
                    file,
                    location,
                    "field type " + type + " is not one of the form format's: " + FieldType.codes());
        } else if (known.get() == FieldType.SELECT && !hasOptions(field)) {
            report.error(
                    "bad-field-options",
                    file,
                    location,
                    "a select field needs \"options\": a non-empty array of {\"value\": text, \"label\": …}");
        }
        for (String bound : List.of("min", "max")) {
            if (field.has(bound) && !field.get(bound).isNumber()) {
                report.error(
                        "bad-field-bound",
                        file,
                        location,
                        "\"" + bound + "\" must be a number, found " + field.get(bound));
            }
        }
    }

    private static boolean hasOptions(JsonNode field) {
        JsonNode options = field.get("options");
        if (options == null || !options.isArray() || options.isEmpty()) {
            return false;
        }
        for (JsonNode option : options) {
            if (!option.path("value").isTextual()) {
                return false;
            }
        }
        return true;
    }
}
