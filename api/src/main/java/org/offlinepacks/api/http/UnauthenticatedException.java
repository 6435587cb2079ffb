package org.offlinepacks.api.http;

/** The request has no bearer token, or one that belongs to nobody: 401. */
public final class UnauthenticatedException extends RuntimeException {
    public UnauthenticatedException(String message) {
        super(message);
    }
}
