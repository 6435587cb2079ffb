package org.offlinepacks.api.planning;

import java.util.List;
import org.offlinepacks.boundarydata.validation.ValidationIssue;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/**
 * A valid change that looks like a mistake: it is refused until the planner confirms the codes of
 * {@link #unconfirmed()} (see {@link GeometryChangeChecker}).
 */
public final class ConfirmationRequiredException extends RuntimeException {
    private final ValidationReport report;

    public ConfirmationRequiredException(String subject, ValidationReport report) {
        super(subject + " needs confirmation: " + report.format());
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }

    /** The codes to send back in {@code ?confirm=} to make the change anyway. */
    public List<String> unconfirmed() {
        return report.errors().stream().map(ValidationIssue::code).distinct().toList();
    }
}
