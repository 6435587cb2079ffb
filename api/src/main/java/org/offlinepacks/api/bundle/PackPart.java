package org.offlinepacks.api.bundle;

import java.util.Objects;

/**
 * A file a {@link PartWriter} put in the staging folder.
 *
 * @param name stable part name (e.g. {@code tiles}, {@code i18n/fr})
 * @param path path relative to the pack folder, with forward slashes (e.g. {@code tiles.mbtiles})
 * @param mediaType the media type served with the part
 * @param source where the content comes from, for the manifest's sources (e.g. the tile server
 *     and its attribution), or null
 */
public record PackPart(String name, String path, String mediaType, String source) {
    public PackPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mediaType, "mediaType");
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("part path must be relative with forward slashes: " + path);
        }
    }

    public PackPart(String name, String path, String mediaType) {
        this(name, path, mediaType, null);
    }
}
