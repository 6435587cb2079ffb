package org.offlinepacks.boundarydata.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.offlinepacks.boundarydata.validation.ValidationIssue.Severity;

/** Every problem found while reading input, errors and warnings together, in the order found. */
public final class ValidationReport {
    private final List<ValidationIssue> issues = new ArrayList<>();

    public void error(String code, String file, String location, String message) {
        issues.add(new ValidationIssue(Severity.ERROR, code, file, location, message));
    }

    public void warning(String code, String file, String location, String message) {
        issues.add(new ValidationIssue(Severity.WARNING, code, file, location, message));
    }

    public List<ValidationIssue> issues() {
        return Collections.unmodifiableList(issues);
    }

    public List<ValidationIssue> errors() {
        return issues.stream().filter(ValidationIssue::isError).toList();
    }

    public List<ValidationIssue> warnings() {
        return issues.stream().filter(issue -> !issue.isError()).toList();
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(ValidationIssue::isError);
    }

    /** All errors, then warnings, one per line, with a count line first. */
    public String format() {
        List<ValidationIssue> ordered = new ArrayList<>(errors());
        ordered.addAll(warnings());
        String summary = errors().size() + " error(s), " + warnings().size() + " warning(s)";
        return ordered.stream().map(ValidationIssue::toString).collect(Collectors.joining("\n", summary + "\n", ""));
    }
}
