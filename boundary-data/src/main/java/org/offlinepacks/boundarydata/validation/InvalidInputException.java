package org.offlinepacks.boundarydata.validation;

/** Input that cannot be used; the report says every problem found, with file and location. */
public final class InvalidInputException extends RuntimeException {
    private final String subject;
    private final ValidationReport report;

    /** @param subject what was read, e.g. "campaign sample-data/andorra" */
    public InvalidInputException(String subject, ValidationReport report) {
        super(subject + " is invalid: " + report.format());
        this.subject = subject;
        this.report = report;
    }

    public String subject() {
        return subject;
    }

    public ValidationReport report() {
        return report;
    }
}
