package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Uploaded files before they are registered: created with their final length, filled chunk by
 * chunk at the offset where the last chunk ended, read once complete. The embedded default is
 * {@link LocalFileStorage}; an S3-compatible bucket is a second implementation.
 */
public interface FileStorage {
    StoredFile create(String ownerId, long length) throws IOException;

    Optional<StoredFile> find(String fileId) throws IOException;

    /**
     * Appends {@code chunk} at {@code offset}, which must be the file's current offset (else
     * {@link UploadException.Reason#OFFSET_MISMATCH}); bytes past the announced length are refused.
     */
    StoredFile append(String fileId, long offset, InputStream chunk) throws IOException;

    InputStream open(String fileId) throws IOException;

    void delete(String fileId) throws IOException;

    /** Removes files whose last chunk arrived before {@code cutoff}: uploads the device gave up. */
    int deleteAbandoned(Instant cutoff) throws IOException;
}
