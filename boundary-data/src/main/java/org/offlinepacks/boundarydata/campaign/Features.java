package org.offlinepacks.boundarydata.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.geojson.JsonFiles;
import org.offlinepacks.boundarydata.validation.ValidationReport;

/** The features of a GeoJSON document and how problems name them. */
final class Features {
    private Features() {}

    static List<JsonNode> of(JsonNode document, String file, ValidationReport report) {
        List<JsonNode> features = new ArrayList<>();
        String type = JsonFiles.text(document, "type");
        if ("Feature".equals(type)) {
            features.add(document);
        } else if ("FeatureCollection".equals(type) && document.path("features").isArray()) {
            document.get("features").forEach(features::add);
        } else {
            report.error(
                    "not-geojson",
                    file,
                    "",
                    "expected a GeoJSON FeatureCollection or Feature, found "
                            + (type == null ? "no \"type\"" : "type " + type));
        }
        return features;
    }

    /** {@code properties.id}, else the feature's own {@code id}, else null. */
    static String id(JsonNode feature) {
        String id = JsonFiles.text(feature.get("properties"), "id");
        return id != null ? id : JsonFiles.text(feature, "id");
    }

    static String location(int index, String id) {
        return "feature #" + index + (id == null ? "" : " (id=" + id + ")");
    }
}
