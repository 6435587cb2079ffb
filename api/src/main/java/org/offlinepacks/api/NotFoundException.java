package org.offlinepacks.api;

/** What was asked for does not exist (or is not visible to the caller: the two look the same). */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
