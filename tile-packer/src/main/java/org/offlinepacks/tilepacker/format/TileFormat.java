package org.offlinepacks.tilepacker.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** The tile formats an MBTiles 1.3 file may declare, with the checks that tell them apart. */
public enum TileFormat {
    PNG("png", "image/png"),
    JPG("jpg", "image/jpeg"),
    WEBP("webp", "image/webp"),
    PBF("pbf", "application/x-protobuf");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    private final String extension;
    private final String mediaType;

    TileFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The value of the MBTiles {@code format} metadata and the URL extension. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public boolean isRaster() {
        return this != PBF;
    }

    /** Parses a {@code format} value or URL extension ({@code jpeg} and {@code mvt} accepted). */
    public static Optional<TileFormat> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPG);
            case "webp" -> Optional.of(WEBP);
            case "pbf", "mvt" -> Optional.of(PBF);
            default -> Optional.empty();
        };
    }

    /** Whether the bytes start as this format says (magic bytes; gzip for pbf). */
    public boolean matches(byte[] data) {
        if (data == null) {
            return false;
        }
        return switch (this) {
            case PNG -> startsWith(data, PNG_MAGIC);
            case JPG ->
                data.length > 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff;
            case WEBP ->
                data.length > 12
                        && startsWith(data, "RIFF".getBytes())
                        && Arrays.equals(Arrays.copyOfRange(data, 8, 12), "WEBP".getBytes());
            case PBF -> isGzip(data);
        };
    }

    /** Finds the format of some tile bytes by their magic, if any. */
    public static Optional<TileFormat> detect(byte[] data) {
        return Arrays.stream(values()).filter(f -> f.matches(data)).findFirst();
    }

    /**
     * Brings fetched bytes to the form MBTiles stores: vector tiles served uncompressed are gzipped
     * (with a fixed header, so the same tile always gives the same bytes).
     */
    public byte[] normalize(byte[] data) {
        if (this != PBF || data.length == 0 || isGzip(data)) {
            return data;
        }
        // An uncompressed MVT starts with field 3 (layers), length-delimited: 0x1a.
        if (data[0] != 0x1a) {
            return data;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isGzip(byte[] data) {
        return data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
