package org.offlinepacks.api.relay;

import java.util.List;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ApiRoutes;
import org.offlinepacks.api.http.Authenticator;
import org.offlinepacks.api.http.BodyLimit;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.EntryCreators;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The relay's API for devices, the central one's paths: the mirrored index, manifests (with
 * {@code Manifest-Signature}), parts and documents as the central service answered them, strong
 * ETags and 304s; sealed files ({@code POST /v1/uploads/sealed}) and entry files of the device
 * user's own entries ({@code POST /v1/uploads} with {@code Content-Digest}) taken into the outbox
 * (202); and
 * the central answer for each, once forwarded ({@code GET /v1/relay/receipts/SHA256}).
 */
final class MirrorRoutes implements ApiRoutes {
    private static final long MAX_FILE_BYTES = UploadLimits.defaults().maxFileBytes();

    private final RelayStore store;

    MirrorRoutes(RelayStore store) {
        this.store = store;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(
                new BodyLimit("POST", "/v1/uploads/sealed", MAX_FILE_BYTES),
                new BodyLimit("POST", "/v1/uploads", MAX_FILE_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post("/v1/uploads/sealed", (request, response) -> {
            auth.authenticate(request);
            return kept(response, store.receive(request.bodyAsBytes(), RelayStore.Kind.SEALED));
        });
        http.post("/v1/uploads", (request, response) -> {
            User user = auth.authenticate(request);
            byte[] file = request.bodyAsBytes();
            String sha256 = ContentDigest.parseHeader(request.headers("Content-Digest"));
            if (!sha256.equals(RelayStore.sha256(file))) {
                throw new UploadException(
                        UploadException.Reason.CHECKSUM_MISMATCH,
                        "the file's SHA-256 is not the Content-Digest's: it was changed or cut short; send it again");
            }
            Map<String, Integer> creators = EntryCreators.of(file, UploadLimits.defaults());
            creators.remove(user.id());
            if (!creators.isEmpty()) {
                Map.Entry<String, Integer> other =
                        creators.entrySet().iterator().next();
                throw new AccessDeniedException("the entry on line " + other.getValue() + " was created by "
                        + other.getKey() + ": a relay takes only your own entries (" + user.id()
                        + "); entries carried for others go sealed");
            }
            return kept(response, store.receive(file, RelayStore.Kind.PLAIN));
        });
        http.get("/v1/relay/receipts/:fileSha256", (request, response) -> {
            auth.authenticate(request);
            RelayStore.Upload upload = store.upload(request.params("fileSha256"))
                    .orElseThrow(() ->
                            new NotFoundException("this relay holds no sealed file " + request.params("fileSha256")));
            if (upload.centralStatus() == null) {
                return ApiJson.respond(response, 202, Map.of("state", "waiting", "fileSha256", upload.fileSha256()));
            }
            return ApiJson.respond(
                    response,
                    200,
                    Map.of(
                            "state", "forwarded",
                            "fileSha256", upload.fileSha256(),
                            "centralStatus", upload.centralStatus(),
                            "central", ApiJson.MAPPER.readTree(upload.centralAnswer())));
        });
        http.get("/v1/*", (request, response) -> mirrored(auth, request, response));
    }

    private static String kept(Response response, String fileSha256) {
        String href = "/v1/relay/receipts/" + fileSha256;
        response.header("Location", href);
        return ApiJson.respond(response, 202, Map.of("fileSha256", fileSha256, "receipt", href));
    }

    private Object mirrored(Authenticator auth, Request request, Response response) throws java.io.IOException {
        auth.authenticate(request);
        RelayStore.Mirrored mirrored = store.path(request.pathInfo())
                .orElseThrow(() -> new NotFoundException("this relay has no copy of " + request.pathInfo()));
        String etag = "\"" + mirrored.sha256() + "\"";
        response.header("ETag", etag);
        response.header("Cache-Control", "no-cache");
        if (mirrored.signature() != null) {
            response.header("Manifest-Signature", mirrored.signature());
        }
        String ifNoneMatch = request.headers("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            response.status(304);
            return "";
        }
        response.type(mirrored.contentType());
        return store.bytes(mirrored);
    }
}
