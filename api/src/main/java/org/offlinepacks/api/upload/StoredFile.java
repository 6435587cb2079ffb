package org.offlinepacks.api.upload;

import java.time.Instant;

/**
 * A file being uploaded to file storage, possibly in several requests.
 *
 * @param length the size announced when the upload was created
 * @param offset how many bytes have arrived and are kept; the next chunk starts here
 * @param metadata the client's {@code Upload-Metadata} (tus: comma-separated {@code key base64}
 *     pairs), or empty
 * @param lastWrite when bytes last arrived (or the file was created): it expires a while after
 */
public record StoredFile(String id, String ownerId, long length, long offset, String metadata, Instant lastWrite) {
    public boolean complete() {
        return offset == length;
    }
}
