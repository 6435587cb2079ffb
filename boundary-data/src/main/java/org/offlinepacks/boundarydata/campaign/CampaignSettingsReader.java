package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
                        node.path("fullMatrixLimit").asInt(250),
                        node.path("required").asBoolean(false)));
        RegistrationIdSettings registrationIds = section(
                json.get("registrationIds"), "registrationIds", report, CampaignSettingsReader::registrationIds);
        List<IndicatorDefinition> indicators = indicators(json.get("indicators"), report);
        AttachmentSettings attachments =
                section(json.get("attachments"), "attachments", report, CampaignSettingsReader::attachments);
        if (report.errors().size() > errors) {
            return null;
        }
        String attribution = JsonFiles.text(json, "attribution");
        return new CampaignSettings(
                id,
                JsonFiles.text(json, "name"),
                locales,
                attribution,
                tiles,
                routing,
                registrationIds,
                indicators,
                attachments,
                overrides(json, tiles, report));
    }

    /** {@code {"prefix", "digits", "check", "batchSize", "refillBelow", "maxHeld"}}. */
    private static RegistrationIdSettings registrationIds(JsonNode node) {
        requireObject(
                node,
                "{\"prefix\": \"AD-\", \"digits\": 6, \"check\": \"damm\", \"batchSize\": 50,"
                        + " \"refillBelow\": 10}");
        int batchSize = integer(node, "batchSize", 50);
        return new RegistrationIdSettings(
                node.has("prefix") ? text(node, "prefix") : "",
                integer(node, "digits", 6),
                node.has("check") ? text(node, "check") : RegistrationIdFormat.CHECK_DAMM,
                batchSize,
                integer(node, "refillBelow", Math.max(1, batchSize / 5)),
                integer(node, "maxHeld", 4 * batchSize));
    }

    /** {@code {"maxBytes", "mediaTypes", "maxPerEntry"}}, each defaulting to {@link AttachmentSettings#defaults()}. */
    private static AttachmentSettings attachments(JsonNode node) {
        requireObject(node, "{\"maxBytes\": 5242880, \"mediaTypes\": [\"image/jpeg\"], \"maxPerEntry\": 3}");
        AttachmentSettings defaults = AttachmentSettings.defaults();
        List<String> types = defaults.mediaTypes();
        if (node.has("mediaTypes")) {
            if (!node.get("mediaTypes").isArray()) {
                throw new IllegalArgumentException("\"mediaTypes\" must be an array of media types");
            }
            types = new ArrayList<>();
            for (JsonNode type : node.get("mediaTypes")) {
                types.add(type.isTextual() ? type.asText() : null);
            }
        }
        long maxBytes = defaults.maxBytes();
        if (node.has("maxBytes")) {
            if (!node.get("maxBytes").canConvertToExactIntegral()) {
                throw new IllegalArgumentException("\"maxBytes\" must be a whole number of bytes");
            }
            maxBytes = node.get("maxBytes").asLong();
        }
        return new AttachmentSettings(maxBytes, types, integer(node, "maxPerEntry", defaults.maxPerEntry()));
    }

    /** {@code [{"id", "label", "form", "aggregate", "field", "filter": {"field", "equals"}}]}. */
    private static List<IndicatorDefinition> indicators(JsonNode node, ValidationReport report) {
        List<IndicatorDefinition> indicators = new ArrayList<>();
        if (node == null || node.isNull()) {
            return indicators;
        }
        if (!node.isArray()) {
            report.error("bad-indicators", FILE, "indicators", "\"indicators\" must be an array of indicators");
            return indicators;
        }
        if (node.size() > IndicatorDefinition.MAX_INDICATORS) {
            report.error(
                    "bad-indicators",
                    FILE,
                    "indicators",
                    "a campaign has at most " + IndicatorDefinition.MAX_INDICATORS + " indicators, found "
                            + node.size());
            return indicators;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode indicator = node.get(i);
            String location = "indicators #" + i;
            try {
                requireObject(indicator, "{\"id\", \"form\", \"aggregate\": count|sum|distinct, …}");
                String aggregate = text(indicator, "aggregate");
                JsonNode filter = indicator.get("filter");
                if (filter != null && !filter.isObject()) {
                    throw new IllegalArgumentException("\"filter\" must be {\"field\": ID, \"equals\": value}");
                }
                IndicatorDefinition definition = new IndicatorDefinition(
                        text(indicator, "id"),
                        JsonFiles.text(indicator, "label"),
                        text(indicator, "form"),
                        IndicatorDefinition.Aggregate.of(aggregate)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "\"aggregate\" must be count, sum or distinct, found " + aggregate)),
                        JsonFiles.text(indicator, "field"),
                        filter == null
                                ? null
                                : new IndicatorDefinition.Filter(
                                        JsonFiles.text(filter, "field"), filter.get("equals")));
                if (!ids.add(definition.id())) {
                    throw new IllegalArgumentException("indicator id " + definition.id() + " is used twice");
                }
                indicators.add(definition);
            } catch (IllegalArgumentException e) {
                report.error("bad-indicator", FILE, location, e.getMessage());
            }
        }
        return indicators;
    }

    private static void requireObject(JsonNode node, String example) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("must be an object like " + example + ", found " + node);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be text, found " + value);
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, int fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number, found " + value);
        }
        return value.asInt();
    }

    /**
     * {@code packOverrides}: per boundary id, {@code {"tiles": {"minZoom": N, "maxZoom": N}}}. An
     * override that makes the zoom range invalid is a warning here and fails that boundary's pack
     * when it is built: one bad boundary does not stop the campaign.
     */
    private static Map<String, TileOverride> overrides(JsonNode json, TileDefaults tiles, ValidationReport report) {
        JsonNode overrides = json.get("packOverrides");
        Map<String, TileOverride> result = new TreeMap<>();
        if (overrides == null || overrides.isNull()) {
            return result;
        }
        if (!overrides.isObject()) {
            report.error("bad-pack-overrides", FILE, "packOverrides", "must be an object of boundary id to settings");
            return result;
        }
        overrides.fields().forEachRemaining(entry -> {
            JsonNode tileNode = entry.getValue().get("tiles");
            if (tileNode == null) {
                return;
            }
            TileOverride override = new TileOverride(zoom(tileNode, "minZoom"), zoom(tileNode, "maxZoom"));
            result.put(entry.getKey(), override);
            if (tiles == null) {
                report.warning(
                        "unused-pack-override",
                        FILE,
                        "packOverrides." + entry.getKey(),
                        "the campaign's packs carry no map (no packDefaults.tiles): the tile override is unused");
                return;
            }
            try {
                tiles.overriddenBy(override);
            } catch (IllegalArgumentException e) {
                report.warning(
                        "bad-pack-override",
                        FILE,
                        "packOverrides." + entry.getKey() + ".tiles",
                        e.getMessage() + ": the pack of boundary " + entry.getKey() + " will fail to build");
            }
        });
        return result;
    }

    private static Integer zoom(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.canConvertToInt() ? null : value.asInt();
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
            report.error(
                    name.startsWith("packDefaults") ? "bad-pack-defaults" : "bad-" + kebab(name),
                    FILE,
                    name,
                    e.getMessage());
            return null;
        }
    }

    /** registrationIds → registration-ids. */
    private static String kebab(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
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
