package org.offlinepacks.boundarydata.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return format(Integer.MAX_VALUE);
    }

    /**
     * Like {@link #format()}, but at most {@code perCode} lines for each code, then a line saying how
     * many more there are: 34 unassigned points need not fill a screen.
     */
    public String format(int perCode) {
        List<ValidationIssue> ordered = new ArrayList<>(errors());
        ordered.addAll(warnings());
        Map<String, Integer> shown = new HashMap<>();
        Map<String, Integer> hidden = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        lines.add(errors().size() + " error(s), " + warnings().size() + " warning(s)");
        for (ValidationIssue issue : ordered) {
            String key = issue.severity() + " " + issue.code();
            if (shown.merge(key, 1, Integer::sum) <= perCode) {
                lines.add(issue.toString());
            } else {
                hidden.merge(key, 1, Integer::sum);
            }
        }
        hidden.forEach((key, count) -> lines.add("... and " + count + " more " + key));
        return String.join("\n", lines);
    }
}
