package org.offlinepacks.api.lease;

/**
 * A lease this node held was taken over by another (it expired first): the work it covered must
 * not be published. The message says whose it is now.
 */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
