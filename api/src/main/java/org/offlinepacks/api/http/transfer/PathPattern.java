package org.offlinepacks.api.http.transfer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route path in Spark's notation: literal segments, {@code :name} for one segment, {@code *} for
 * the rest. Used for the transfer routes and to tell which methods a path allows (405).
 */
public record PathPattern(String pattern, List<String> segments) {
    public static PathPattern of(String pattern) {
        return new PathPattern(pattern, split(pattern));
    }

    /** The named segments of {@code path}, or empty when it does not match. */
    public Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.equals("*")) {
                return Optional.of(params);
            }
            if (i >= parts.size()) {
                return Optional.empty();
            }
            if (segment.startsWith(":")) {
                params.put(segment.substring(1), parts.get(i));
            } else if (!segment.equals(parts.get(i))) {
                return Optional.empty();
            }
        }
        return parts.size() == segments.size() ? Optional.of(params) : Optional.empty();
    }

    public boolean matches(String path) {
        return match(path).isPresent();
    }

    private static List<String> split(String path) {
        return List.of(path.replaceAll("^/+|/+$", "").split("/+", -1));
    }
}
