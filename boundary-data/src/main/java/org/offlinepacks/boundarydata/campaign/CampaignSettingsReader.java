package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** Reads campaign.json; relative file paths in it are resolved against the campaign folder. */
final class CampaignSettingsReader {
    static final String FILE = "campaign.json";
    private static final String MBTILES_PREFIX = "mbtiles:";

    private CampaignSettingsReader() {}

    static CampaignSettings read(Path folder, ValidationReport report) {
        JsonNode json = JsonFiles.read(folder.resolve(FILE), FILE, report);
        if (json == null) {
            return null;
        }
        int errors = report.errors().size();
        String id = JsonFiles.text(json, "id");
        if (id == null || !id.matches("[A-Za-z0-9._-]+")) {
            report.error("missing-id", FILE, "", "\"id\" must be letters, digits, '.', '_' or '-', found " + id);
        }
        List<String> locales = new ArrayList<>();
        JsonNode localeArray = json.get("locales");
        if (localeArray == null || !localeArray.isArray() || localeArray.isEmpty()) {
            report.error("missing-locales", FILE, "", "\"locales\" must list at least one locale, e.g. [\"en\"]");
        } else {
            localeArray.forEach(locale -> locales.add(locale.asText()));
        }
        JsonNode defaults = json.path("packDefaults");
        TileDefaults tiles = section(
                defaults.get("tiles"),
                "packDefaults.tiles",
                report,
                node -> new TileDefaults(
                        resolveSource(folder, required(node, "source")),
                        node.path("minZoom").asInt(0),
                        node.path("maxZoom").asInt(14),
                        node.path("bufferM").asDouble(0),
                        node.path("maxTiles").asLong(100_000)));
        RoutingDefaults routing = section(
                defaults.get("routing"),
                "packDefaults.routing",
                report,
                node -> new RoutingDefaults(
                        folder.resolve(required(node, "osmFile"))
                                .toAbsolutePath()
                                .normalize(),
                        node.path("bufferM").asDouble(3000),
                        profiles(node.get("profiles")),
                        node.path("fullMatrixLimit").asInt(250)));
        if (report.errors().size() > errors) {
            return null;
        }
        String attribution = JsonFiles.text(json, "attribution");
        return new CampaignSettings(id, JsonFiles.text(json, "name"), locales, attribution, tiles, routing);
    }

    private interface SectionParser<T> {
        T parse(JsonNode node);
    }

    private static <T> T section(JsonNode node, String name, ValidationReport report, SectionParser<T> parser) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return parser.parse(node);
        } catch (IllegalArgumentException e) {
            report.error("bad-pack-defaults", FILE, name, e.getMessage());
            return null;
        }
    }

    private static String required(JsonNode node, String field) {
        String value = JsonFiles.text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is required");
        }
        return value;
    }

    private static List<String> profiles(JsonNode node) {
        if (node == null) {
            return List.of("foot", "car");
        }
        List<String> profiles = new ArrayList<>();
        node.forEach(profile -> profiles.add(profile.asText()));
        return profiles;
    }

    private static String resolveSource(Path folder, String source) {
        if (!source.startsWith(MBTILES_PREFIX)) {
            return source;
        }
        Path archive = folder.resolve(source.substring(MBTILES_PREFIX.length()));
        return MBTILES_PREFIX + archive.toAbsolutePath().normalize();
    }
}
