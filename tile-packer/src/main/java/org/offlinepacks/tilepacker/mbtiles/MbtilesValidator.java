package org.offlinepacks.tilepacker.mbtiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * Checks that an MBTiles file is what a device expects: SQLite integrity, the required metadata,
 * tiles only at the declared zooms, and every tile decoding as the declared format. Returns the
 * problems as sentences; an empty list means valid.
 */
public final class MbtilesValidator {
    private static final int MAX_TILE_PROBLEMS_LISTED = 10;

    private MbtilesValidator() {}

    public static List<String> validate(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        try (MbtilesReader reader = MbtilesReader.open(file)) {
            String integrity = reader.integrityCheck();
            if (!"ok".equals(integrity)) {
                problems.add(file.getFileName() + ": SQLite integrity check failed: " + integrity);
                return problems;
            }
            Map<String, String> metadata = reader.metadata();
            for (String required : List.of("name", "format", "bounds", "minzoom", "maxzoom")) {
                if (metadata.get(required) == null || metadata.get(required).isBlank()) {
                    problems.add(file.getFileName() + ": metadata '" + required + "' is missing");
                }
            }
            Optional<TileFormat> format = reader.format();
            if (format.isEmpty()) {
                problems.add(file.getFileName() + ": metadata format '" + metadata.get("format")
                        + "' is not one of png, jpg, webp, pbf");
                return problems;
            }
            if (format.get() == TileFormat.PBF
                    && !String.valueOf(metadata.get("json")).contains("vector_layers")) {
                problems.add(file.getFileName() + ": pbf tiles need metadata 'json' with vector_layers");
            }
            int minZoom = parseZoom(metadata.get("minzoom"), problems, file, "minzoom");
            int maxZoom = parseZoom(metadata.get("maxzoom"), problems, file, "maxzoom");
            for (int zoom : reader.zoomCounts().keySet()) {
                if (zoom < minZoom || zoom > maxZoom) {
                    problems.add(file.getFileName() + ": tiles at zoom " + zoom + " outside the declared " + minZoom
                            + ".." + maxZoom);
                }
            }
            long[] bad = {0};
            reader.forEachTile((tile, data) -> {
                String why = undecodableReason(format.get(), data);
                if (why != null && bad[0]++ < MAX_TILE_PROBLEMS_LISTED) {
                    problems.add(file.getFileName() + ": tile " + tile + " is not valid "
                            + format.get().extension() + ": " + why);
                }
            });
            if (bad[0] > MAX_TILE_PROBLEMS_LISTED) {
                problems.add(file.getFileName() + ": " + bad[0] + " tiles in all do not decode as "
                        + format.get().extension());
            }
        }
        return problems;
    }

    /** Why the tile does not decode as the format, or null when it does. */
    static String undecodableReason(TileFormat format, byte[] data) {
        if (!format.matches(data)) {
            return "wrong magic bytes";
        }
        try {
            switch (format) {
                case PNG, JPG -> {
                    if (ImageIO.read(new ByteArrayInputStream(data)) == null) {
                        return "no image reader accepts it";
                    }
                }
                case PBF -> {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                case WEBP -> {
                    // No WebP decoder in the JDK: the RIFF/WEBP header has been checked above.
                }
            }
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return null;
    }

    private static int parseZoom(String value, List<String> problems, Path file, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (RuntimeException e) {
            problems.add(file.getFileName() + ": metadata '" + name + "' is not an integer: " + value);
            return name.equals("minzoom") ? 0 : Integer.MAX_VALUE;
        }
    }
}
