package org.offlinepacks.api.accounts;

import java.time.Duration;

/** Too many failed sign-ins of an account or from an address: 429, try again after {@link #retryAfter}. */
public final class TooManySignInsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManySignInsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
