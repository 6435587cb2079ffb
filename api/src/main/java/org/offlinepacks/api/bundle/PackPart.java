package org.offlinepacks.api.bundle;

import java.util.Objects;

/**
 * A file a {@link PartWriter} put in the staging folder.
 *
 * @param name stable part name (e.g. {@code tiles}, {@code i18n/fr})
 * @param path path relative to the pack folder, with forward slashes (e.g. {@code tiles.mbtiles})
 * @param mediaType the media type served with the part
 */
public record PackPart(String name, String path, String mediaType) {
    public PackPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
