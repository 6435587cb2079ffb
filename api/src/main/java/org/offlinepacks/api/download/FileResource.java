package org.offlinepacks.api.download;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A published file, ready to send: where it is, its strong entity tag and how clients may cache it.
 *
 * @param etag a strong validator, quoted as in HTTP: the file's sha256
 * @param immutable true for content-addressed parts: the URL never names other bytes
 */
public record FileResource(Path file, String etag, String mediaType, boolean immutable) {
    public FileResource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    public static String quote(String sha256) {
        return "\"" + sha256 + "\"";
    }
}
