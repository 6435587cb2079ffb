package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one entry against the envelope every entry has, the form version it names, and the
 * boundaries the uploader may write. Returns the first problem as a {@code rejected} result.
 */
final class EntryValidator {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> TEXT_FIELDS = List.of("clientReferenceId", "formId", "boundaryId", "createdBy");

    private final FormCatalog forms;

    EntryValidator(FormCatalog forms) {
        this.forms = forms;
    }

    Optional<EntryResult> check(int line, JsonNode entry, Uploader uploader) {
        String id = entry.path("clientReferenceId").isTextual()
                ? entry.get("clientReferenceId").asText()
                : null;
        for (String field : TEXT_FIELDS) {
            JsonNode value = entry.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return reject(line, id, "missing-field", "the entry needs a non-empty text field \"" + field + "\"");
            }
        }
        if (!UUID.matcher(id).matches()) {
            return reject(line, id, "invalid-field", "clientReferenceId must be a UUID, got \"" + id + "\"");
        }
        JsonNode version = entry.get("formVersion");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt()) {
            return reject(line, id, "missing-field", "the entry needs an integer field \"formVersion\"");
        }
        JsonNode createdAt = entry.get("createdAt");
        if (createdAt == null || !createdAt.isTextual() || !isIsoTimestamp(createdAt.asText())) {
            return reject(
                    line,
                    id,
                    "invalid-field",
                    "createdAt must be an ISO-8601 timestamp with offset, like 2026-11-02T09:30:00Z");
        }
        JsonNode data = entry.get("data");
        if (data == null || !data.isObject()) {
            return reject(
                    line, id, "missing-field", "the entry needs an object field \"data\" with the form's answers");
        }
        String formId = entry.get("formId").asText();
        if (!forms.knowsForm(formId)) {
            return reject(line, id, "unknown-form", "form \"" + formId + "\" is not a form of this campaign");
        }
        Optional<List<FormCatalog.FieldRule>> fields = forms.fields(formId, version.asInt());
        if (fields.isEmpty()) {
            return reject(
                    line,
                    id,
                    "unknown-form-version",
                    "form \"" + formId + "\" has no version " + version.asInt() + "; known versions: "
                            + forms.versionsOf(formId) + "; sync the device to get the current forms");
        }
        String boundaryId = entry.get("boundaryId").asText();
        if (!uploader.mayWriteBoundary().test(boundaryId)) {
            return reject(
                    line,
                    id,
                    "boundary-not-allowed",
                    "uploader " + uploader.userId() + " may not write entries for boundary " + boundaryId);
        }
        for (FormCatalog.FieldRule field : fields.get()) {
            JsonNode answer = data.get(field.id());
            if (answer == null || answer.isNull()) {
                if (field.required()) {
                    return reject(
                            line, id, "missing-required-field", "required field \"" + field.id() + "\" has no answer");
                }
                continue;
            }
            Optional<String> problem = valueProblem(field, answer);
            if (problem.isPresent()) {
                return reject(line, id, "invalid-field-value", "field \"" + field.id() + "\" " + problem.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> valueProblem(FormCatalog.FieldRule field, JsonNode answer) {
        switch (field.type()) {
            case "integer", "number" -> {
                boolean integer = "integer".equals(field.type());
                if (!answer.isNumber() || (integer && !answer.isIntegralNumber())) {
                    return Optional.of("must be " + (integer ? "an integer" : "a number") + ", got " + answer);
                }
                double value = answer.asDouble();
                if (field.min() != null && value < field.min()) {
                    return Optional.of("must be at least " + field.min() + ", got " + answer);
                }
                if (field.max() != null && value > field.max()) {
                    return Optional.of("must be at most " + field.max() + ", got " + answer);
                }
                return Optional.empty();
            }
            case "boolean" -> {
                return answer.isBoolean() ? Optional.empty() : Optional.of("must be true or false, got " + answer);
            }
            case "text" -> {
                return answer.isTextual() ? Optional.empty() : Optional.of("must be text, got " + answer);
            }
            default -> {
                // Types without a rule here (gps, photo, select, ...) are checked by the app that renders them.
                return Optional.empty();
            }
        }
    }

    private static boolean isIsoTimestamp(String text) {
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Optional<EntryResult> reject(int line, String id, String reason, String message) {
        return Optional.of(EntryResult.rejected(line, id, reason, message));
    }
}
