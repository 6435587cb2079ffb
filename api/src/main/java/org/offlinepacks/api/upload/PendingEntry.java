package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A valid entry on its way into the store, with its parsed document for the {@link EntryCompanion}s.
 *
 * @param document the entry as sent (clientReferenceId, formId, …, data, attachments)
 */
public record PendingEntry(StoredEntry stored, JsonNode document) {}
