package org.offlinepacks.api.download;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A published file, ready to send: where to read it, its strong entity tag, how clients may cache
 * it, and its gzip form when it has one.
 *
 * @param file the file on this node, found (or fetched from object storage) only when it is sent
 * @param etag a strong validator, quoted as in HTTP: the file's sha256
 * @param immutable true for content-addressed files: the URL never names other bytes
 * @param gzip the same content gzip-compressed, with its own entity tag, or null
 */
public record FileResource(LocalFile file, String etag, String mediaType, boolean immutable, Gzip gzip) {
    public FileResource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** A file on this node, looked up when needed; {@link java.nio.file.NoSuchFileException} once removed. */
    @FunctionalInterface
    public interface LocalFile {
        Path path() throws IOException;
    }

    /** The gzip form of a file: other bytes, so another entity tag (its sha256). */
    public record Gzip(LocalFile file, String etag) {}

    public static String quote(String sha256) {
        return "\"" + sha256 + "\"";
    }
}
