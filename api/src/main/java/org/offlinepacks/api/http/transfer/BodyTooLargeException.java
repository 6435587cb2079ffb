package org.offlinepacks.api.http.transfer;

/** A request body over its route's limit: 413, and the rest of it is not read. */
public final class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(String message) {
        super(message);
    }
}
