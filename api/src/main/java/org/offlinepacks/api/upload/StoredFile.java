package org.offlinepacks.api.upload;

/**
 * A file being uploaded to file storage, possibly in several requests.
 *
 * @param length the size announced when the upload was created
 * @param offset how many bytes have arrived; the next chunk starts here
 */
public record StoredFile(String id, String ownerId, long length, long offset) {
    public boolean complete() {
        return offset == length;
    }
}
