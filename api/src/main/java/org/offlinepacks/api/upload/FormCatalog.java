package org.offlinepacks.api.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.offlinepacks.boundarydata.campaign.FieldType;
import org.offlinepacks.boundarydata.campaign.FormSchema;

/** The form versions entries may be written against, with the rules of their fields. */
public final class FormCatalog {
    /**
     * One field of a form: its id, type, whether it needs an answer, its bounds (numbers) and its
     * option values (select).
     */
    record FieldRule(
            String id, FieldType type, boolean required, BigDecimal min, BigDecimal max, List<String> options) {}

    private final Map<String, Map<Integer, List<FieldRule>>> rulesByForm;

    private FormCatalog(Map<String, Map<Integer, List<FieldRule>>> rulesByForm) {
        this.rulesByForm = rulesByForm;
    }

    public static FormCatalog of(Collection<FormSchema> forms) {
        Map<String, Map<Integer, List<FieldRule>>> rules = new HashMap<>();
        for (FormSchema form : forms) {
            rules.computeIfAbsent(form.id(), id -> new HashMap<>()).put(form.version(), fieldRules(form.schema()));
        }
        return new FormCatalog(rules);
    }

    boolean knowsForm(String formId) {
        return rulesByForm.containsKey(formId);
    }

    SortedSet<Integer> versionsOf(String formId) {
        return new TreeSet<>(rulesByForm.getOrDefault(formId, Map.of()).keySet());
    }

    Optional<List<FieldRule>> fields(String formId, int version) {
        return Optional.ofNullable(rulesByForm.getOrDefault(formId, Map.of()).get(version));
    }

    private static List<FieldRule> fieldRules(JsonNode schema) {
        List<FieldRule> rules = new ArrayList<>();
        for (JsonNode field : schema.path("fields")) {
            if (!field.path("id").isTextual()) {
                continue;
            }
            List<String> options = new ArrayList<>();
            field.path("options")
                    .forEach(option -> options.add(option.path("value").asText()));
            rules.add(new FieldRule(
                    field.path("id").asText(),
                    // the campaign reader refused unknown types; a form stored before it checked is read as text
                    FieldType.of(field.path("type").asText(FieldType.DEFAULT.code()))
                            .orElse(FieldType.DEFAULT),
                    field.path("required").asBoolean(false),
                    field.path("min").isNumber() ? field.path("min").decimalValue() : null,
                    field.path("max").isNumber() ? field.path("max").decimalValue() : null,
                    List.copyOf(options)));
        }
        return List.copyOf(rules);
    }
}
