package org.offlinepacks.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One event a device reports: a sync started, finished (with bytes and duration) or failed (with a
 * message), the app started, its free storage, an error. Every event names its device, app version
 * and the boundary the device works in.
 *
 * @param atMillis when it happened, milliseconds since the epoch
 */
public record AnalyticsEvent(
        String eventId,
        String deviceId,
        String type,
        long atMillis,
        String appVersion,
        String boundaryId,
        Long bytes,
        Long durationMs,
        Long freeStorageBytes,
        String message) {
    public static final List<String> TYPES =
            List.of("sync-started", "sync-finished", "sync-failed", "app-started", "storage", "error");

    public static final int MAX_MESSAGE_CHARS = 1000;
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,32}");

    /** An event line as read, or why it is rejected. */
    public record Parsed(AnalyticsEvent event, String eventId, String reason, String message) {
        static Parsed rejected(String eventId, String reason, String message) {
            return new Parsed(null, eventId, reason, message);
        }
    }

    /** Reads one event; {@code mayWriteBoundary} says which boundaries the uploader may report for. */
    public static Parsed parse(JsonNode event, Predicate<String> mayWriteBoundary) {
        String id = event.path("eventId").isTextual() ? event.get("eventId").asText() : null;
        for (String field : List.of("eventId", "deviceId", "type", "at", "appVersion", "boundaryId")) {
            if (!event.path(field).isTextual() || event.get(field).asText().isBlank()) {
                return Parsed.rejected(id, "missing-field", "the event needs a non-empty text field \"" + field + "\"");
            }
        }
        if (!UUID.matcher(id).matches()) {
            return Parsed.rejected(id, "invalid-field", "eventId must be a UUID, got \"" + id + "\"");
        }
        String device = event.get("deviceId").asText();
        if (!DEVICE.matcher(device).matches()) {
            return Parsed.rejected(
                    id,
                    "invalid-field",
                    "deviceId must be 1 to 64 letters, digits, '.', '_', ':' or '-', got \"" + device + "\"");
        }
        String type = event.get("type").asText();
        if (!TYPES.contains(type)) {
            return Parsed.rejected(id, "unknown-event-type", "type must be one of " + TYPES + ", got \"" + type + "\"");
        }
        long at;
        try {
            at = OffsetDateTime.parse(event.get("at").asText()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Parsed.rejected(
                    id, "invalid-field", "at must be an ISO-8601 timestamp with offset, like 2026-11-02T09:30:00Z");
        }
        String version = event.get("appVersion").asText();
        if (!VERSION.matcher(version).matches()) {
            return Parsed.rejected(
                    id,
                    "invalid-field",
                    "appVersion must be 1 to 32 letters, digits, '.', '_', '+' or '-', got \"" + version + "\"");
        }
        String boundary = event.get("boundaryId").asText();
        if (!mayWriteBoundary.test(boundary)) {
            return Parsed.rejected(id, "boundary-not-allowed", "the uploader may not report for boundary " + boundary);
        }
        Long[] counts = new Long[3];
        List<String> countFields = List.of("bytes", "durationMs", "freeStorageBytes");
        for (int i = 0; i < countFields.size(); i++) {
            JsonNode count = event.get(countFields.get(i));
            if (count == null || count.isNull()) {
                continue;
            }
            if (!count.canConvertToExactIntegral() || !count.canConvertToLong() || count.asLong() < 0) {
                return Parsed.rejected(
                        id, "invalid-field", countFields.get(i) + " must be a whole number >= 0, got " + count);
            }
            counts[i] = count.asLong();
        }
        JsonNode message = event.get("message");
        if (message != null
                && !message.isNull()
                && (!message.isTextual() || message.asText().length() > MAX_MESSAGE_CHARS)) {
            return Parsed.rejected(
                    id, "invalid-field", "message must be text of at most " + MAX_MESSAGE_CHARS + " characters");
        }
        return new Parsed(
                new AnalyticsEvent(
                        id.toLowerCase(java.util.Locale.ROOT),
                        device,
                        type,
                        at,
                        version,
                        boundary,
                        counts[0],
                        counts[1],
                        counts[2],
                        message == null || message.isNull() ? null : message.asText()),
                id,
                null,
                null);
    }
}
