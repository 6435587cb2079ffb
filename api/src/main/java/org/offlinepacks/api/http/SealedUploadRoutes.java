package org.offlinepacks.api.http;

import java.util.List;
import org.offlinepacks.api.sealing.SealedUploads;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/**
 * {@code POST /v1/uploads/sealed}: a sealed relay file, from whoever carries it (a supervisor, a
 * laptop); the body is the file as the device wrote it. The answer is the upload summary of the
 * device user's entries, with who created and who relayed them.
 */
public final class SealedUploadRoutes implements ApiRoutes {
    static final String PATH = "/v1/uploads/sealed";

    /** The answer: the sealed file's identity and the summary a plain upload answers. */
    record SealedSummary(
            String sealId, String deviceId, String createdBy, String relayedBy, UploadRoutes.Summary upload) {}

    private final SealedUploads sealed;
    private final UploadRoutes uploads;

    public SealedUploadRoutes(SealedUploads sealed, UploadRoutes uploads) {
        this.sealed = sealed;
        this.uploads = uploads;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(new BodyLimit("POST", PATH, uploads.service().limits().maxFileBytes()));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post(PATH, (request, response) -> {
            User relayer = auth.authenticate(request);
            SealedUploads.SealedReceipt receipt = sealed.receive(relayer, request.bodyAsBytes());
            response.header("Location", "/v1/uploads/" + receipt.receipt().uploadId());
            return ApiJson.respond(
                    response,
                    200,
                    new SealedSummary(
                            receipt.sealId(),
                            receipt.deviceId(),
                            receipt.createdBy(),
                            receipt.relayedBy(),
                            uploads.summary(receipt.receipt())));
        });
    }
}
