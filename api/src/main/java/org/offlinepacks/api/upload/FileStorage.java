package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Uploaded files before they are registered: created with their final length, filled by appends at
 * the offset where the last one ended (every byte that arrived is kept, even from an append cut
 * short), read once complete. The embedded default is {@link LocalFileStorage}; with object storage
 * shared by several nodes, {@link ObjectFileStorage}.
 */
public interface FileStorage {
    StoredFile create(String ownerId, long length, String metadata) throws IOException;

    Optional<StoredFile> find(String fileId) throws IOException;

    /**
     * A file created for a device to upload wherever it may: by default the service's own tus
     * upload (kept like any tus upload, {@link UploadService#KEEP_UNFINISHED} after its last byte);
     * with object storage, presigned URLs straight into it that work until {@code urlsExpireAt}.
     */
    default UploadTarget createTarget(String ownerId, long length, String metadata, Instant urlsExpireAt)
            throws IOException {
        StoredFile file = create(ownerId, length, metadata);
        return UploadTarget.tus(file, file.lastWrite().plus(UploadService.KEEP_UNFINISHED));
    }

    /**
     * The file as its registration finds it: one a device sent straight into object storage is taken
     * in first (its parts joined, its size checked against the announced length).
     */
    default Optional<StoredFile> takeIn(String fileId) throws IOException {
        return find(fileId);
    }

    /**
     * The file as a client that resumes finds it: an append still open on it (a request the client
     * gave up on, whose cut the service may not have seen yet) is stopped first, so the offset
     * answered is final and the client's next append starts there.
     */
    Optional<StoredFile> resume(String fileId) throws IOException;

    /**
     * Starts appending at {@code offset}, which must be the file's offset (else
     * {@link UploadException.Reason#OFFSET_MISMATCH}). An append still open on the same file (a
     * request the client gave up on) is stopped first. With a {@code checksum} (or null), the
     * bytes are kept only when the whole chunk arrives and matches.
     */
    Append append(String fileId, long offset, ChunkChecksum checksum) throws IOException;

    InputStream open(String fileId) throws IOException;

    void delete(String fileId) throws IOException;

    /** Removes files whose last chunk arrived before {@code cutoff}: uploads the device gave up. */
    int deleteAbandoned(Instant cutoff) throws IOException;

    /** Bytes being appended to one file, as they arrive. */
    interface Append extends AutoCloseable {
        /** Bytes past the announced length are refused ({@link UploadException.Reason#PAST_ANNOUNCED_LENGTH}). */
        void write(byte[] bytes, int offset, int length) throws IOException;

        /** The chunk arrived whole: checks its checksum, makes it durable and returns the file's state. */
        StoredFile finish() throws IOException;

        /**
         * Ends the append; when it was not finished, what arrived is kept and made durable (a
         * checksummed chunk is dropped, since it cannot be checked).
         */
        @Override
        void close() throws IOException;
    }
}
