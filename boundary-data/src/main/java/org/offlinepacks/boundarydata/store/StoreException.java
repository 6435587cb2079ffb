package org.offlinepacks.boundarydata.store;

/** A store could not do what was asked (I/O or database failure, not bad input). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
