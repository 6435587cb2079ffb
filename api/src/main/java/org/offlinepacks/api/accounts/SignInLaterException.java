package org.offlinepacks.api.accounts;

import java.time.Duration;

/** A sign-in refused for now: try again after {@link #retryAfter}, for the {@link Reason} given. */
public final class SignInLaterException extends RuntimeException {
    /** Why, with the answer's status and {@code error}. */
    public enum Reason {
        /** Too many failed sign-ins of the account or from the address lately. */
        TOO_MANY_FAILURES(429, "too-many-sign-ins"),
        /** The service is checking as many passwords as it does at once (see {@link HashingLimit}). */
        BUSY(503, "sign-ins-busy");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public SignInLaterException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
