package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.offlinepacks.boundarydata.campaign.AttachmentSettings;

/**
 * A file an entry lists in its {@code attachments}: uploaded separately, found by its sha256.
 *
 * @param name how the entry's answers refer to it (a photo field's answer), unique in the entry
 */
public record DeclaredAttachment(String name, String mediaType, long size, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The attachments an entry lists; for an entry that {@link #problem} found valid. */
    public static List<DeclaredAttachment> of(JsonNode entry) {
        List<DeclaredAttachment> attachments = new ArrayList<>();
        for (JsonNode attachment : entry.path("attachments")) {
            attachments.add(new DeclaredAttachment(
                    attachment.path("name").asText(),
                    attachment.path("mediaType").asText(),
                    attachment.path("size").asLong(),
                    attachment.path("sha256").asText()));
        }
        return attachments;
    }

    /** What is wrong with an entry's {@code attachments} under the campaign's limits, or empty. */
    static Optional<EntryCompanion.Refusal> problem(JsonNode entry, AttachmentSettings limits) {
        JsonNode attachments = entry.get("attachments");
        if (attachments == null || attachments.isNull()) {
            return Optional.empty();
        }
        if (!attachments.isArray()) {
            return refuse("invalid-attachment", "\"attachments\" must be an array of {name, mediaType, size, sha256}");
        }
        if (attachments.size() > limits.maxPerEntry()) {
            return refuse(
                    "too-many-attachments",
                    "the entry lists " + attachments.size() + " attachments; at most " + limits.maxPerEntry()
                            + " per entry");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < attachments.size(); i++) {
            JsonNode attachment = attachments.get(i);
            String where = "attachment #" + i;
            JsonNode name = attachment.get("name");
            if (name == null
                    || !name.isTextual()
                    || !NAME.matcher(name.asText()).matches()) {
                return refuse(
                        "invalid-attachment",
                        where + " needs a \"name\" of 1 to 128 letters, digits, '.', '_' or '-', got " + name);
            }
            where = "attachment " + name.asText();
            if (!names.add(name.asText())) {
                return refuse("invalid-attachment", where + " is listed twice");
            }
            JsonNode type = attachment.get("mediaType");
            if (type == null || !type.isTextual() || !limits.mediaTypes().contains(type.asText())) {
                return refuse(
                        "attachment-type-not-allowed",
                        where + " has media type " + type + "; the campaign accepts " + limits.mediaTypes());
            }
            JsonNode size = attachment.get("size");
            if (size == null || !size.canConvertToExactIntegral() || size.asLong() < 1) {
                return refuse("invalid-attachment", where + " needs its \"size\" in bytes, got " + size);
            }
            if (size.asLong() > limits.maxBytes()) {
                return refuse(
                        "attachment-too-large",
                        where + " has " + size.asLong() + " bytes; the campaign accepts at most " + limits.maxBytes());
            }
            JsonNode sha256 = attachment.get("sha256");
            if (sha256 == null
                    || !sha256.isTextual()
                    || !SHA256.matcher(sha256.asText()).matches()) {
                return refuse(
                        "invalid-attachment",
                        where + " needs its \"sha256\" as 64 lowercase hex digits, got " + sha256);
            }
        }
        return Optional.empty();
    }

    private static Optional<EntryCompanion.Refusal> refuse(String reason, String message) {
        return Optional.of(new EntryCompanion.Refusal(reason, message));
    }
}
