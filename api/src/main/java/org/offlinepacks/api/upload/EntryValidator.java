package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.offlinepacks.boundarydata.campaign.FieldType;

/**
 * Checks one entry against the envelope every entry has, who created it (only uploaders who relay
 * may send others' entries), the form version it names, the boundaries the uploader may write, and
 * each answer against its field's {@link FieldType}. Returns the first problem as a
 * {@code rejected} result.
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
        String createdBy = entry.get("createdBy").asText();
        if (!createdBy.equals(uploader.userId()) && !uploader.relays()) {
            return reject(
                    line,
                    id,
                    "relay-not-allowed",
                    "the entry was created by " + createdBy + ", but " + uploader.userId()
                            + " may upload only their own entries; only supervisors upload entries of others");
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

    /** What is wrong with an answer for its field's type, or empty. Every {@link FieldType} has a rule. */
    private static Optional<String> valueProblem(FormCatalog.FieldRule field, JsonNode answer) {
        return switch (field.type()) {
            case TEXT -> answer.isTextual() ? Optional.empty() : Optional.of("must be text, got " + answer);
            case INTEGER, NUMBER -> numberProblem(field, answer);
            case BOOLEAN -> answer.isBoolean() ? Optional.empty() : Optional.of("must be true or false, got " + answer);
            case SELECT ->
                answer.isTextual() && field.options().contains(answer.asText())
                        ? Optional.empty()
                        : Optional.of("must be one of the options " + field.options() + ", got " + answer);
            case GPS -> gpsProblem(answer);
        };
    }

    private static Optional<String> numberProblem(FormCatalog.FieldRule field, JsonNode answer) {
        boolean integer = field.type() == FieldType.INTEGER;
        if (!answer.isNumber() || (integer && !answer.isIntegralNumber())) {
            return Optional.of("must be " + (integer ? "an integer" : "a number") + ", got " + answer);
        }
        BigDecimal value = answer.decimalValue();
        if (field.min() != null && value.compareTo(field.min()) < 0) {
            return Optional.of("must be at least " + plain(field.min()) + ", got " + answer);
        }
        if (field.max() != null && value.compareTo(field.max()) > 0) {
            return Optional.of("must be at most " + plain(field.max()) + ", got " + answer);
        }
        return Optional.empty();
    }

    private static Optional<String> gpsProblem(JsonNode answer) {
        JsonNode lat = answer.get("lat");
        JsonNode lon = answer.get("lon");
        if (!answer.isObject() || lat == null || lon == null || !lat.isNumber() || !lon.isNumber()) {
            return Optional.of("must be a position {\"lat\": number, \"lon\": number}, got " + answer);
        }
        if (Math.abs(lat.asDouble()) > 90 || Math.abs(lon.asDouble()) > 180) {
            return Optional.of("must have lat within -90..90 and lon within -180..180, got " + answer);
        }
        return Optional.empty();
    }

    /** 1, not 1.0; 0.5 as 0.5. */
    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
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
