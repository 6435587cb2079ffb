package org.offlinepacks.boundarydata.users;

/**
 * The user may not do this. The message never says whether the thing asked for exists: "not yours"
 * and "does not exist" look the same from outside one's area.
 */
public final class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
