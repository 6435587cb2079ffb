package org.offlinepacks.api.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * The fate of one line of an uploaded file.
 *
 * @param line the 1-based line number in the (decompressed) file
 * @param clientReferenceId the entry's id, when the line had one
 * @param reason a stable code for {@code rejected} and {@code conflict}, e.g. {@code missing-required-field}
 * @param message what was wrong and what to do, for people
 * @param missingAttachments the names of the attachments the entry lists that the service did not
 *     hold yet when the file was ingested (upload them, see {@code GET /v1/uploads/{id}/attachments});
 *     absent when none was missing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryResult(
        int line,
        String clientReferenceId,
        Outcome result,
        String reason,
        String message,
        List<String> missingAttachments) {
    public EntryResult {
        missingAttachments =
                missingAttachments == null || missingAttachments.isEmpty() ? null : List.copyOf(missingAttachments);
    }

    public EntryResult(int line, String clientReferenceId, Outcome result, String reason, String message) {
        this(line, clientReferenceId, result, reason, message, null);
    }

    /** What happened to an entry. Only {@code rejected} asks the device to do something. */
    public enum Outcome {
        /** Stored now. */
        ACCEPTED,
        /** Already stored with the same content: a success, nothing to do. */
        DUPLICATE,
        /** Already stored with other content: the first stays, this version is kept aside for review. */
        CONFLICT,
        /** Not stored; the reason says why. */
        REJECTED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static EntryResult of(int line, String clientReferenceId, Outcome outcome) {
        return new EntryResult(line, clientReferenceId, outcome, null, null);
    }

    static EntryResult rejected(int line, String clientReferenceId, String reason, String message) {
        return new EntryResult(line, clientReferenceId, Outcome.REJECTED, reason, message);
    }
}
