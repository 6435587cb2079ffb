package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Presigned URLs with which a device uploads a file straight into object storage, without its bytes
 * passing through a node: one PUT, or the parts of a multipart upload for large files (each part
 * sent again on its own when the link drops).
 */
public interface DirectUploads {
    /** A URL for one PUT of exactly {@code length} bytes to {@code key}, valid for {@code validity}. */
    URI put(String key, long length, Duration validity);

    /** Starts a multipart upload of {@code parts} parts to {@code key}, each with its own URL. */
    Multipart startMultipart(String key, int parts, Duration validity) throws IOException;

    /**
     * Joins the parts that arrived into the object (the storage lists them; the device sends nothing
     * but the registration). Fails when a part is missing.
     */
    void completeMultipart(String key, String uploadId, int parts) throws IOException;

    /** Gives a multipart upload up and frees its parts. */
    void abortMultipart(String key, String uploadId) throws IOException;

    /** A multipart upload in progress: its id and one PUT URL per part, part 1 first. */
    record Multipart(String uploadId, List<URI> partUrls) {}
}
