package org.offlinepacks.api.bundle;

/** A pack could not be built; the previous version stays current. */
public final class PackBuildException extends RuntimeException {
    public PackBuildException(String message) {
        super(message);
    }

    public PackBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
