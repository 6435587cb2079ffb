package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.attachment.Attachments;
import org.offlinepacks.api.download.FileResource;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/**
 * Entries' attachments: a device uploads the file as any other (tus, or to an upload target) and
 * registers it ({@code POST /v1/attachments/registrations}); it asks whether the service holds one
 * before sending it ({@code GET /v1/attachments/{sha256}}) and what an upload's entries still miss
 * ({@code GET /v1/uploads/{id}/attachments}). Planners list and download an entry's attachments.
 */
public final class AttachmentRoutes implements ApiRoutes {
    private final Attachments attachments;

    public AttachmentRoutes(Attachments attachments) {
        this.attachments = attachments;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(new BodyLimit("POST", "/v1/attachments/registrations", UploadRoutes.MAX_REGISTRATION_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/attachments/limits", (request, response) -> {
            return ApiJson.respond(response, 200, attachments.limits(auth.authenticate(request)));
        });
        http.post("/v1/attachments/registrations", (request, response) -> {
            JsonNode registration = UploadRoutes.registration(request.body());
            return ApiJson.respond(
                    response,
                    200,
                    attachments.register(
                            UploadRoutes.uploader(auth, request.headers("Authorization")),
                            registration.get("fileId").asText(),
                            registration.get("sha256").asText()));
        });
        http.get("/v1/attachments/:sha256", (request, response) -> {
            String sha256 = ContentDigest.parseHex(request.params("sha256"));
            if (!attachments.holds(UploadRoutes.uploader(auth, request.headers("Authorization")), sha256)) {
                throw new NotFoundException(
                        "the service does not hold an attachment of your area with sha256 " + sha256);
            }
            return ApiJson.respond(response, 200, Map.of("sha256", sha256, "stored", true));
        });
        http.get("/v1/uploads/:uploadId/attachments", (request, response) -> {
            return ApiJson.respond(
                    response,
                    200,
                    attachments.status(
                            UploadRoutes.uploader(auth, request.headers("Authorization")), request.params("uploadId")));
        });
        http.get("/v1/entries/:clientReferenceId/attachments", (request, response) -> {
            User planner = auth.authenticate(request);
            String entry = request.params("clientReferenceId");
            return ApiJson.respond(
                    response,
                    200,
                    Map.of("clientReferenceId", entry, "attachments", attachments.ofEntry(planner, entry)));
        });
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        transfers.getAndHead("/v1/entries/:clientReferenceId/attachments/:name", exchange -> {
            User planner = auth.authenticate(exchange.header("Authorization"));
            Attachments.Download download =
                    attachments.download(planner, exchange.param("clientReferenceId"), exchange.param("name"));
            exchange.setHeader("Content-Disposition", "attachment; filename=\"" + download.name() + "\"");
            DownloadRoutes.send(
                    exchange,
                    new FileResource(
                            () -> attachments.localFile(download.key()),
                            FileResource.quote(download.sha256()),
                            download.mediaType(),
                            true,
                            null));
        });
    }
}
