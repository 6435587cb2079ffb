package org.offlinepacks.boundarydata.validation;

/** Input that cannot be used; the report says every problem found, with file and location. */
public final class InvalidInputException extends RuntimeException {
    private final ValidationReport report;

    public InvalidInputException(String what, ValidationReport report) {
        super(what + " is invalid: " + report.format());
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
