package org.offlinepacks.api.http.transfer;

import java.util.Map;

/**
 * An answer with a JSON body, as the service's conventions make it from an exception.
 *
 * @param headers extra response headers (e.g. {@code WWW-Authenticate}, {@code Allow})
 */
public record Answer(int status, Object body, Map<String, String> headers) {
    public Answer {
        headers = Map.copyOf(headers);
    }

    public Answer(int status, Object body) {
        this(status, body, Map.of());
    }
}
