package org.offlinepacks.boundarydata.campaign;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The messages of one locale (i18n/&lt;locale&gt;.json), key to text. */
public record Localization(String locale, SortedMap<String, String> messages) {
    public Localization(String locale, Map<String, String> messages) {
        this(locale, new TreeMap<>(messages));
    }

    public Localization {
        messages = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(messages));
    }
}
