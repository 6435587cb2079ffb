package org.offlinepacks.api.http;

/** A body of a type the route does not take: 415. */
final class UnsupportedContentTypeException extends RuntimeException {
    UnsupportedContentTypeException(String message) {
        super(message);
    }
}
