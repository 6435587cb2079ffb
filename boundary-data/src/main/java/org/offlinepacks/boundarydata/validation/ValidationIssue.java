package org.offlinepacks.boundarydata.validation;

import java.util.Objects;

/**
 * One problem found in campaign input, like JTS's {@code TopologyValidationError}: a value, not an
 * exception.
 *
 * @param code stable machine-readable code, e.g. {@code duplicate-id}
 * @param file the file the problem is in, relative to the campaign folder
 * @param location where in the file: {@code feature #3 (id=x)}, {@code line 4, column 7}, or empty
 * @param message what is wrong and, where it helps, what to do
 */
public record ValidationIssue(Severity severity, String code, String file, String location, String message) {
    public enum Severity {
        ERROR,
        WARNING
    }

    public ValidationIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(file, "file");
        location = location == null ? "" : location;
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line for people: {@code ERROR boundaries.geojson feature #2 (id=b): message [code]}. */
    @Override
    public String toString() {
        String where = location.isEmpty() ? file : file + " " + location;
        return severity + " " + where + ": " + message + " [" + code + "]";
    }
}
