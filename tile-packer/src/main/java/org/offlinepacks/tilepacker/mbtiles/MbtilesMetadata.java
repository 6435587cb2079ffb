package org.offlinepacks.tilepacker.mbtiles;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * The {@code metadata} table of an MBTiles 1.3 file.
 *
 * @param boundsLonLat west, south, east, north in degrees
 * @param attribution credit shown by map apps, may be null
 * @param json for pbf: the JSON object with {@code vector_layers}, else null
 */
public record MbtilesMetadata(
        String name,
        TileFormat format,
        double[] boundsLonLat,
        int minZoom,
        int maxZoom,
        String attribution,
        String description,
        String version,
        String json) {
    public MbtilesMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        if (boundsLonLat == null || boundsLonLat.length != 4) {
            throw new IllegalArgumentException("bounds must be [west, south, east, north]");
        }
        boundsLonLat = boundsLonLat.clone();
        if (minZoom < 0 || minZoom > maxZoom) {
            throw new IllegalArgumentException("zoom range " + minZoom + ".." + maxZoom + " is not valid");
        }
        if (format == TileFormat.PBF && json == null) {
            json = "{\"vector_layers\":[]}";
        }
        version = version == null ? "1" : version;
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
        double centerLon = (boundsLonLat[0] + boundsLonLat[2]) / 2;
        double centerLat = (boundsLonLat[1] + boundsLonLat[3]) / 2;
        int centerZoom = Math.min(maxZoom, minZoom + 2);
        rows.put("center", String.format(Locale.ROOT, "%.7f,%.7f,%d", centerLon, centerLat, centerZoom));
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
