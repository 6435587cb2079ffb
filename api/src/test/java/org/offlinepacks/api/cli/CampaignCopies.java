package org.offlinepacks.api.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.boundarydata.geojson.JsonFiles;

/** Copies of the sample campaign changed for one test. */
final class CampaignCopies {
    private CampaignCopies() {}

    /** The sample campaign whose packs carry only the JSON parts: builds in a second. */
    static Path jsonPartsOnly(Path target) {
        return edited(target, settings -> settings.remove("packDefaults"));
    }

    /** The sample campaign with its campaign.json changed by {@code edit}. */
    static Path edited(Path target, Consumer<ObjectNode> edit) {
        Path campaign = SampleCampaign.copyTo(target);
        try {
            Path file = campaign.resolve("campaign.json");
            ObjectNode settings = (ObjectNode) JsonFiles.mapper().readTree(file.toFile());
            edit.accept(settings);
            JsonFiles.mapper().writeValue(file.toFile(), settings);
            return campaign;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
