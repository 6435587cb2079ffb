package org.offlinepacks.boundarydata.campaign;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The field types of the form format ({@code "type"} of a form's field; {@code text} when absent),
 * and what an answer of each type is.
 */
public enum FieldType {
    /** A JSON string. */
    TEXT,
    /** A JSON number without a fraction, within {@code min}/{@code max} when given. */
    INTEGER,
    /** A JSON number, within {@code min}/{@code max} when given. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of the {@code value}s of the field's {@code options}. */
    SELECT,
    /** {@code {"lat": …, "lon": …}} in degrees (WGS84), other members (accuracy) allowed. */
    GPS;

    public static final FieldType DEFAULT = TEXT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FieldType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }

    /** Every code, for messages: "text, integer, …". */
    public static String codes() {
        return Arrays.stream(values()).map(FieldType::code).collect(Collectors.joining(", "));
    }
}
