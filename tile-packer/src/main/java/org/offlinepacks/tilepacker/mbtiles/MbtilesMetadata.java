package org.offlinepacks.tilepacker.mbtiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * The {@code metadata} table of an MBTiles 1.3 file.
 *
 * @param boundsLonLat west, south, east, north in degrees (never wrapping around 180°: a pack
 *     across the antimeridian has bounds from -180 to 180)
 * @param centerLonLat lon, lat of the map's centre, or null for the centre of the bounds
 * @param attribution credit shown by map apps, may be null
 * @param json for pbf: the JSON object with {@code vector_layers}, else null
 */
public record MbtilesMetadata(
        String name,
        TileFormat format,
        double[] boundsLonLat,
        double[] centerLonLat,
        int minZoom,
        int maxZoom,
        String attribution,
        String description,
        String version,
        String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public MbtilesMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        if (boundsLonLat == null || boundsLonLat.length != 4) {
            throw new IllegalArgumentException("bounds must be [west, south, east, north]");
        }
        boundsLonLat = boundsLonLat.clone();
        if (centerLonLat == null) {
            centerLonLat =
                    new double[] {(boundsLonLat[0] + boundsLonLat[2]) / 2, (boundsLonLat[1] + boundsLonLat[3]) / 2};
        } else if (centerLonLat.length != 2) {
            throw new IllegalArgumentException("center must be [lon, lat]");
        }
        centerLonLat = centerLonLat.clone();
        if (minZoom < 0 || minZoom > maxZoom) {
            throw new IllegalArgumentException("zoom range " + minZoom + ".." + maxZoom + " is not valid");
        }
        if (format == TileFormat.PBF && json == null) {
            json = "{\"vector_layers\":[]}";
        }
        version = version == null ? "1" : version;
    }

    /**
     * The same metadata stating only the zooms a file holds: {@code minzoom} and {@code maxzoom},
     * and each vector layer's zoom range within them (a layer none of whose zooms remain is left
     * out). A map app then never asks for a zoom the file has no tile at.
     */
    public MbtilesMetadata narrowedTo(int heldMinZoom, int heldMaxZoom) {
        return new MbtilesMetadata(
                name,
                format,
                boundsLonLat,
                centerLonLat,
                heldMinZoom,
                heldMaxZoom,
                attribution,
                description,
                version,
                vectorLayersWithin(json, heldMinZoom, heldMaxZoom));
    }

    /** The {@code json} value with every vector layer's minzoom/maxzoom clamped to the range. */
    static String vectorLayersWithin(String json, int minZoom, int maxZoom) {
        if (json == null) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return json; // not ours to repair; MbtilesValidator reports what it lacks
        }
        if (!(root instanceof ObjectNode doc) || !(doc.get("vector_layers") instanceof ArrayNode layers)) {
            return json;
        }
        ArrayNode kept = JSON.createArrayNode();
        boolean changed = false;
        for (JsonNode layer : layers) {
            if (!(layer instanceof ObjectNode fields)) {
                kept.add(layer);
                continue;
            }
            int layerMin = Math.max(minZoom, fields.path("minzoom").asInt(minZoom));
            int layerMax = Math.min(maxZoom, fields.path("maxzoom").asInt(maxZoom));
            if (layerMin > layerMax) {
                changed = true;
                continue;
            }
            if (fields.has("minzoom") && fields.get("minzoom").asInt() != layerMin) {
                fields.put("minzoom", layerMin);
                changed = true;
            }
            if (fields.has("maxzoom") && fields.get("maxzoom").asInt() != layerMax) {
                fields.put("maxzoom", layerMax);
                changed = true;
            }
            kept.add(fields);
        }
        if (!changed) {
            return json;
        }
        doc.set("vector_layers", kept);
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of the metadata table, sorted by name so that files are reproducible. */
    public Map<String, String> toRows() {
        Map<String, String> rows = new TreeMap<>();
        rows.put("name", name);
        rows.put("format", format.extension());
        rows.put(
                "bounds",
                String.format(
                        Locale.ROOT,
                        "%.7f,%.7f,%.7f,%.7f",
                        boundsLonLat[0],
                        boundsLonLat[1],
                        boundsLonLat[2],
                        boundsLonLat[3]));
        int centerZoom = Math.min(maxZoom, minZoom + 2);
        rows.put("center", String.format(Locale.ROOT, "%.7f,%.7f,%d", centerLonLat[0], centerLonLat[1], centerZoom));
        rows.put("minzoom", Integer.toString(minZoom));
        rows.put("maxzoom", Integer.toString(maxZoom));
        rows.put("type", format.isRaster() ? "baselayer" : "overlay");
        rows.put("version", version);
        if (attribution != null && !attribution.isBlank()) {
            rows.put("attribution", attribution);
        }
        if (description != null && !description.isBlank()) {
            rows.put("description", description);
        }
        if (json != null) {
            rows.put("json", json);
        }
        return rows;
    }
}
