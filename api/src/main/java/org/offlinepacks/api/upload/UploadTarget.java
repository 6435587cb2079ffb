package org.offlinepacks.api.upload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a device uploads a file before registering it: the service's own resumable upload
 * ({@code tus}, the embedded default), one presigned {@code PUT} straight into object storage, or
 * the presigned parts of a {@code multipart} upload for files larger than one part (each part sent
 * again on its own when the link drops).
 *
 * @param headers headers the PUT must carry as given
 * @param partSize the bytes of every part but the last, for {@code multipart}
 * @param partUrls one URL per part, part 1 first, for {@code multipart}
 * @param expiresAt when the URLs stop working; ask for a new target after that
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadTarget(
        String fileId,
        String method,
        URI url,
        Map<String, String> headers,
        Long partSize,
        List<URI> partUrls,
        Instant expiresAt) {
    public static final String TUS = "tus";
    public static final String PUT = "PUT";
    public static final String MULTIPART = "multipart";

    /** The service's own tus upload of a file just created. */
    public static UploadTarget tus(StoredFile file, Instant expiresAt) {
        return new UploadTarget(file.id(), TUS, URI.create("/v1/files/" + file.id()), null, null, null, expiresAt);
    }
}
