package org.offlinepacks.api.download;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A published file, ready to send: where it is, its strong entity tag, how clients may cache it, and
 * its gzip form when it has one.
 *
 * @param etag a strong validator, quoted as in HTTP: the file's sha256
 * @param immutable true for content-addressed files: the URL never names other bytes
 * @param gzip the same content gzip-compressed, with its own entity tag, or null
 */
public record FileResource(Path file, String etag, String mediaType, boolean immutable, Gzip gzip) {
    public FileResource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** The gzip form of a file: other bytes, so another entity tag (its sha256). */
    public record Gzip(Path file, String etag) {}

    public static String quote(String sha256) {
        return "\"" + sha256 + "\"";
    }
}
