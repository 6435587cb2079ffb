package org.offlinepacks.api.http.transfer;

import java.util.Set;

/** The path exists but does not answer this method: 405 with {@code Allow}. */
public final class MethodNotAllowedException extends RuntimeException {
    private final Set<String> allowed;

    public MethodNotAllowedException(String method, String path, Set<String> allowed) {
        super(path + " answers " + String.join(", ", allowed) + ", not " + method);
        this.allowed = Set.copyOf(allowed);
    }

    public String allowHeader() {
        return String.join(", ", new java.util.TreeSet<>(allowed));
    }
}
