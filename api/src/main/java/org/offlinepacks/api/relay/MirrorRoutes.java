package org.offlinepacks.api.relay;

import java.util.List;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ApiRoutes;
import org.offlinepacks.api.http.Authenticator;
import org.offlinepacks.api.http.BodyLimit;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The relay's API for devices, the central one's paths: the mirrored index, manifests (with
 * {@code Manifest-Signature}), parts and documents as the central service answered them, strong
 * ETags and 304s; sealed files taken into the outbox ({@code POST /v1/uploads/sealed}, 202); and
 * the central answer for each, once forwarded ({@code GET /v1/relay/receipts/SHA256}).
 */
final class MirrorRoutes implements ApiRoutes {
    private static final long MAX_SEALED_BYTES = 32L << 20;

    private final RelayStore store;

    MirrorRoutes(RelayStore store) {
        this.store = store;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(new BodyLimit("POST", "/v1/uploads/sealed", MAX_SEALED_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post("/v1/uploads/sealed", (request, response) -> {
            auth.authenticate(request);
            String fileSha256 = store.receive(request.bodyAsBytes());
            String href = "/v1/relay/receipts/" + fileSha256;
            response.header("Location", href);
            return ApiJson.respond(response, 202, Map.of("fileSha256", fileSha256, "receipt", href));
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
