package org.offlinepacks.api.http;

/** A tus request without {@code Tus-Resumable: 1.0.0}: 412, with the versions this server speaks. */
final class TusVersionException extends RuntimeException {
    TusVersionException(String version) {
        super("this server speaks tus " + TusEndpoints.VERSION + " (send Tus-Resumable: " + TusEndpoints.VERSION
                + "), not " + (version == null ? "a request without Tus-Resumable" : version));
    }
}
