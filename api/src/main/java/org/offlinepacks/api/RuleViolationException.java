package org.offlinepacks.api;

/**
 * A request the service understood and refuses by one of its rules (a limit reached, a state that
 * does not allow it); {@code code} names the rule for programs, the message says what to do.
 */
public final class RuleViolationException extends RuntimeException {
    /** What kind of refusal: the HTTP edge maps each to a status. */
    public enum Kind {
        /** The state of things does not allow it now (409). */
        CONFLICT,
        /** Over a size limit (413). */
        TOO_LARGE,
        /** Well-formed, but does not match what it must match (422). */
        MISMATCH
    }

    private final Kind kind;
    private final String code;

    public RuleViolationException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
