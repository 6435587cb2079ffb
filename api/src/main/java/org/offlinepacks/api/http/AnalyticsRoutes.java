package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.analytics.Analytics;
import org.offlinepacks.api.analytics.AnalyticsReceipt;
import org.offlinepacks.api.http.transfer.BodyReceiver;
import org.offlinepacks.api.http.transfer.Exchange;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import spark.Service;

/**
 * Analytics up: an NDJSON file of device events in one request ({@code POST /v1/analytics} with a
 * {@code Content-Digest}), or uploaded with tus or to an upload target and registered ({@code POST
 * /v1/analytics/registrations}), as entry files are; and the summary for supervisors, planners and
 * admins ({@code GET /v1/analytics/summary}).
 */
public final class AnalyticsRoutes implements ApiRoutes {
    private final Analytics analytics;

    public AnalyticsRoutes(Analytics analytics) {
        this.analytics = analytics;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(new BodyLimit("POST", "/v1/analytics/registrations", UploadRoutes.MAX_REGISTRATION_BYTES));
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        transfers.alwaysHeaders("/v1/analytics", Map.of(UploadRoutes.LIMITS_HEADER, Analytics.LIMITS.headerValue()));
        transfers.post("/v1/analytics", exchange -> {
            Uploader uploader = UploadRoutes.uploader(auth, exchange.header("Authorization"));
            String sha256 = ContentDigest.parseHeader(exchange.header("Content-Digest"));
            UploadService.Incoming<AnalyticsReceipt> incoming = analytics.receive(uploader, sha256);
            exchange.receive(Analytics.LIMITS.maxFileBytes(), new BodyReceiver() {
                @Override
                public void accept(byte[] bytes, int offset, int length) throws IOException {
                    incoming.write(bytes, offset, length);
                }

                @Override
                public void complete(Exchange done) throws IOException {
                    done.respondJson(200, incoming.finish());
                }

                @Override
                public void abandon(Throwable cause) {
                    try {
                        incoming.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        });
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post("/v1/analytics/registrations", (request, response) -> {
            Uploader uploader = UploadRoutes.uploader(auth, request.headers("Authorization"));
            JsonNode registration = UploadRoutes.registration(request.body());
            AnalyticsReceipt receipt = analytics.register(
                    uploader,
                    registration.get("fileId").asText(),
                    ContentDigest.parseHex(registration.get("sha256").asText()));
            return ApiJson.respond(response, 200, receipt);
        });
        http.get("/v1/analytics/summary", (request, response) -> {
            return ApiJson.respond(response, 200, analytics.summary(auth.authenticate(request)));
        });
    }
}
