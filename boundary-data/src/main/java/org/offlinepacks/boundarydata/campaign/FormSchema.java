package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A dynamic form schema as the campaign app renders it.
 *
 * @param schema the whole form document as read from forms/*.json
 */
public record FormSchema(String id, int version, Instant updatedAt, JsonNode schema) {
    /** Properties whose text values are message keys, looked up in i18n/LOCALE.json. */
    private static final Set<String> MESSAGE_PROPERTIES = Set.of("title", "label", "hint", "description");

    public FormSchema {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(schema, "schema");
    }

    /** The message keys the form uses: the text values of every title, label, hint, description. */
    public SortedSet<String> messageKeys() {
        SortedSet<String> keys = new TreeSet<>();
        collectKeys(schema, keys);
        return keys;
    }

    private static void collectKeys(JsonNode node, SortedSet<String> keys) {
        node.fields().forEachRemaining(field -> {
            if (MESSAGE_PROPERTIES.contains(field.getKey()) && field.getValue().isTextual()) {
                keys.add(field.getValue().asText());
            }
        });
        node.elements().forEachRemaining(child -> collectKeys(child, keys));
    }
}
