package org.offlinepacks.api.accounts;

import java.time.Duration;

/** Too many passwords being checked at once in this process: 503, try again after {@link #retryAfter}. */
public final class SignInsBusyException extends RuntimeException {
    private final Duration retryAfter;

    public SignInsBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
