package org.offlinepacks.api.http.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes a download sends: a published file, never changed once written.
 *
 * @param file the file on this node, looked up only when its bytes are sent (not for a 304)
 * @param etag a strong validator, quoted as in HTTP; each encoding of a resource has its own
 * @param contentEncoding {@code gzip} when the file is the gzip form of the resource, else null
 */
public record FileRepresentation(Source file, String etag, String mediaType, String contentEncoding) {
    public FileRepresentation {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** Where the bytes are; {@link java.nio.file.NoSuchFileException} once the file was removed. */
    @FunctionalInterface
    public interface Source {
        Path path() throws IOException;
    }
}
