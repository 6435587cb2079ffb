package org.offlinepacks.boundarydata.campaign;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The field types of the form format ({@code "type"} of a form's field; {@code text} when absent),
 * and what an answer of each type is.
 */
public enum FieldType {
    /** A JSON string. */
    TEXT("text"),
    /** A JSON number without a fraction, within {@code min}/{@code max} when given. */
    INTEGER("integer"),
    /** A JSON number, within {@code min}/{@code max} when given. */
    NUMBER("number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** One of the {@code value}s of the field's {@code options}. */
    SELECT("select"),
    /** {@code {"lat": …, "lon": …}} in degrees (WGS84), other members (accuracy) allowed. */
    GPS("gps"),
    /**
     * A registration ID of the campaign's format ({@link RegistrationIdFormat}), one of those
     * dispatched to the entry's creator and not used by another entry.
     */
    REGISTRATION_ID("registrationId"),
    /** The name of one of the entry's attachments, an image. */
    PHOTO("photo");

    public static final FieldType DEFAULT = TEXT;

    private final String code;

    FieldType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<FieldType> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }

    /** Every code, for messages: "text, integer, …". */
    public static String codes() {
        return Arrays.stream(values()).map(FieldType::code).collect(Collectors.joining(", "));
    }
}
