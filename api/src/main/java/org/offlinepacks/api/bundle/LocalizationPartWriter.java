package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.offlinepacks.boundarydata.campaign.Localization;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/**
 * i18n/LOCALE.json for each locale of the campaign, holding only the message keys its forms use:
 * a device carries no text it cannot show.
 */
public final class LocalizationPartWriter implements PartWriter {
    @Override
    public String name() {
        return "i18n";
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        Set<String> keys = input.campaign().forms().stream()
                .flatMap(form -> form.messageKeys().stream())
                .collect(Collectors.toSet());
        List<PackPart> parts = new ArrayList<>();
        for (Localization localization : input.campaign().localizations()) {
            if (!input.campaign().settings().locales().contains(localization.locale())) {
                continue;
            }
            Map<String, String> messages = new TreeMap<>(localization.messages());
            messages.keySet().retainAll(keys);
            String path = "i18n/" + localization.locale() + ".json";
            PartJson.write(stagingDir.resolve(path), messages);
            parts.add(new PackPart("i18n/" + localization.locale(), path, "application/json"));
        }
        return parts;
    }
}
