package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One dashboard indicator of campaign.json's {@code indicators}: a number per boundary (rolled up
 * to every ancestor) and per day, counted from the entries of one form.
 *
 * @param label what devices show, as given (no translation)
 * @param field the answer summed ({@code sum}: an integer field) or whose distinct values are
 *     counted ({@code distinct}); null for {@code count}
 * @param filter only entries whose answer to a field equals a value count, or null for all
 */
public record IndicatorDefinition(
        String id, String label, String formId, Aggregate aggregate, String field, Filter filter) {
    public static final int MAX_INDICATORS = 50;

    /** How the entries make the number. */
    public enum Aggregate {
        /** How many entries. */
        COUNT,
        /** The sum of an integer answer (a missing answer adds 0). */
        SUM,
        /** How many different answers (a missing answer is not one). */
        DISTINCT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Aggregate> of(String code) {
            return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
        }
    }

    /** Only entries whose answer to {@code field} equals {@code value} (a string, number or boolean). */
    public record Filter(String field, JsonNode value) {}

    public IndicatorDefinition {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "an indicator's \"id\" must be 1 to 64 letters, digits, '.', '_' or '-', found " + id);
        }
        if (formId == null || formId.isBlank()) {
            throw new IllegalArgumentException("indicator " + id + " needs a \"form\"");
        }
        if (aggregate == null) {
            throw new IllegalArgumentException("indicator " + id + " needs an \"aggregate\": count, sum or distinct");
        }
        if (aggregate == Aggregate.COUNT && field != null) {
            throw new IllegalArgumentException("indicator " + id + " counts entries: it takes no \"field\"");
        }
        if (aggregate != Aggregate.COUNT && (field == null || field.isBlank())) {
            throw new IllegalArgumentException(
                    "indicator " + id + " (" + aggregate.code() + ") needs the \"field\" it " + aggregate.code() + "s");
        }
        if (filter != null
                && (filter.field() == null
                        || filter.value() == null
                        || !filter.value().isValueNode()
                        || filter.value().isNull())) {
            throw new IllegalArgumentException("indicator " + id
                    + "'s \"filter\" must be {\"field\": ID, \"equals\": a string, number or boolean}");
        }
    }
}
