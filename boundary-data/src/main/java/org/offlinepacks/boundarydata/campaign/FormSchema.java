package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A dynamic form schema as the campaign app renders it.
 *
 * @param schema the whole form document as read from forms/*.json
 */
public record FormSchema(String id, int version, Instant updatedAt, JsonNode schema) {
    public FormSchema {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(schema, "schema");
    }
}
