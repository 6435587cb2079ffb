package org.offlinepacks.boundarydata.campaign;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The messages of one locale (i18n/LOCALE.json), key to text, sorted by key. */
public record Localization(String locale, SortedMap<String, String> messages) {
    public Localization(String locale, Map<String, String> messages) {
        this(locale, Collections.unmodifiableSortedMap(new TreeMap<>(messages)));
    }
}
