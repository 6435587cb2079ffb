package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Reads i18n/&lt;locale&gt;.json for every locale of the campaign: a flat object of key → text. */
public final class LocalizationReader {
    private LocalizationReader() {}

    static List<Localization> read(Path i18nDir, List<String> locales, ValidationReport report) {
        List<Localization> localizations = new ArrayList<>();
        for (String locale : locales) {
            String file = "i18n/" + locale + ".json";
            Path path = i18nDir.resolve(locale + ".json");
            if (!Files.exists(path)) {
                report.error(
                        "missing-localization",
                        file,
                        "",
                        "campaign.json lists locale " + locale + " but there is no " + file);
                continue;
            }
            JsonNode document = JsonFiles.read(path, file, report);
            Localization localization = document == null ? null : parse(document, locale, file, report);
            if (localization != null) {
                localizations.add(localization);
            }
        }
        return localizations;
    }

    /** A flat object of message key to text for {@code locale}, or null after reporting why not. */
    public static Localization parse(JsonNode document, String locale, String file, ValidationReport report) {
        if (document == null || !document.isObject()) {
            report.error("bad-localization", file, "", "expected an object of message key to text");
            return null;
        }
        int errors = report.errors().size();
        Map<String, String> messages = new TreeMap<>();
        document.fields().forEachRemaining(entry -> {
            if (entry.getValue().isTextual()) {
                messages.put(entry.getKey(), entry.getValue().asText());
            } else {
                report.error("bad-localization", file, "key " + entry.getKey(), "the message must be text");
            }
        });
        return report.errors().size() > errors ? null : new Localization(locale, messages);
    }
}
