package org.offlinepacks.boundarydata.storage;

import java.util.regex.Pattern;

/** Checks object keys: {@code /}-separated segments that are safe file names everywhere. */
public final class ObjectKeys {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ObjectKeys() {}

    /** {@code key}, or an exception that says what is wrong with it. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > 900) {
            throw new IllegalArgumentException("an object key has 1 to 900 characters, not '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("object key '" + key
                        + "' has a segment that is empty, starts with a dot or has characters other than"
                        + " letters, digits, '.', '_' and '-'");
            }
        }
        return key;
    }

    /** A prefix to list or delete: a key, or a key followed by {@code /}. */
    public static String checkPrefix(String prefix) {
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
