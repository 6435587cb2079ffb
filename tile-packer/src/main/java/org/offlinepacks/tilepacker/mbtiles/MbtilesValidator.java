package org.offlinepacks.tilepacker.mbtiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileCompleteness;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * Checks that an MBTiles file is what a device expects: SQLite integrity, the required metadata,
 * tiles only at the declared zooms and tiles at both ends of them, every tile complete by its
 * format's structure ({@link TileCompleteness}: magic bytes, chunks and CRCs, markers, lengths), and
 * a sample of at most {@value #DECODED_SAMPLE} tiles spread over the file decoding as images.
 * Decoding a 256 px PNG costs a millisecond or two, a hundred times the structure check, so
 * decoding every tile of a national pack would cost minutes; the fetcher never caches a tile that
 * fails the structure check. Returns the problems as sentences; an empty list means valid.
 */
public final class MbtilesValidator {
    private static final int MAX_TILE_PROBLEMS_LISTED = 10;
    /** At most this many tiles are decoded. */
    static final int DECODED_SAMPLE = 16;

    /** Why the bytes do not decode as an image of the format, or null when they do. */
    interface TileDecoder {
        String undecodable(TileFormat format, byte[] data);
    }

    private MbtilesValidator() {}

    public static List<String> validate(Path file) throws IOException {
        return validate(file, MbtilesValidator::decodeProblem);
    }

    static List<String> validate(Path file, TileDecoder decoder) throws IOException {
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
            Map<Integer, Long> tilesByZoom = reader.zoomCounts();
            for (int zoom : tilesByZoom.keySet()) {
                if (zoom < minZoom || zoom > maxZoom) {
                    problems.add(file.getFileName() + ": tiles at zoom " + zoom + " outside the declared " + minZoom
                            + ".." + maxZoom);
                }
            }
            // A declared zoom without a tile is an empty map in GDAL and map apps (an empty file
            // keeps the range it was asked for: it holds no zoom to state).
            for (int declared : new TreeSet<>(List.of(minZoom, maxZoom))) {
                if (!tilesByZoom.isEmpty() && declared <= TileId.MAX_ZOOM && !tilesByZoom.containsKey(declared)) {
                    problems.add(file.getFileName() + ": metadata declares zoom " + declared + " ("
                            + (declared == minZoom ? "minzoom" : "maxzoom") + ") but the file has no tile there;"
                            + " its tiles are at zooms " + tilesByZoom.keySet());
                }
            }
            long total =
                    tilesByZoom.values().stream().mapToLong(Long::longValue).sum();
            long decodeEvery = Math.max(1, (total + DECODED_SAMPLE - 1) / DECODED_SAMPLE);
            long[] bad = {0};
            long[] seen = {0};
            reader.forEachTile((tile, data) -> {
                String why = structureProblem(format.get(), data);
                if (why == null && seen[0] % decodeEvery == 0) {
                    why = decoder.undecodable(format.get(), data);
                }
                seen[0]++;
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

    /**
     * Why the tile is not a complete tile of the format, or null when it is: the magic bytes, then
     * its structure up to the format's end ({@link TileCompleteness}: what the fetcher checks before
     * caching).
     */
    static String structureProblem(TileFormat format, byte[] data) {
        if (!format.matches(data)) {
            return "wrong magic bytes";
        }
        return TileCompleteness.problem(format, data).orElse(null);
    }

    /** For PNG and JPEG, why a full decode fails, or null when it succeeds (and for other formats). */
    static String decodeProblem(TileFormat format, byte[] data) {
        if (format == TileFormat.PNG || format == TileFormat.JPG) {
            try {
                if (ImageIO.read(new ByteArrayInputStream(data)) == null) {
                    return "no image reader accepts it";
                }
            } catch (IOException | RuntimeException e) {
                return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
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
