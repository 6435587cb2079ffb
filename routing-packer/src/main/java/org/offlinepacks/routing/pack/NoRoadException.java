package org.offlinepacks.routing.pack;

import java.io.IOException;

/**
 * The boundary's routing area holds no road: the extract has no way there, or none that the
 * profiles can use. Rural villages without a mapped road are common; a campaign decides whether such
 * a pack goes without routing (with a warning) or fails.
 */
public final class NoRoadException extends IOException {
    public NoRoadException(String message) {
        super(message);
    }
}
