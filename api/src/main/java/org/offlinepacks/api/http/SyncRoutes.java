package org.offlinepacks.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.offlinepacks.api.http.transfer.AcceptEncoding;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.sync.SyncIndexer;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/**
 * The device's sync conversation: {@code GET /v1/sync}, one index of everything it should hold
 * with one strong tag ("anything new?" is a conditional GET answered 304 in about a hundred bytes),
 * and the campaign documents the index points at besides packs and forms.
 */
public final class SyncRoutes implements ApiRoutes {
    /** Smaller indexes go as they are: gzip would not save a packet. */
    private static final int GZIP_FROM_BYTES = 1024;

    private final SyncIndexer indexer;

    public SyncRoutes(SyncIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        transfers.getAndHead("/v1/sync", exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            SyncIndexer.Rendered index = indexer.index(user);
            boolean gzip = index.json().length >= GZIP_FROM_BYTES
                    && AcceptEncoding.acceptsGzip(exchange.header("Accept-Encoding"));
            // each encoding has its own strong tag; either one held by the device means nothing new
            String gzipTag = index.etag().substring(0, index.etag().length() - 1) + "-gz\"";
            String etag = gzip ? gzipTag : index.etag();
            String ifNoneMatch = exchange.header("If-None-Match");
            exchange.setHeader("ETag", etag);
            if (index.json().length >= GZIP_FROM_BYTES) {
                exchange.setHeader("Vary", "Accept-Encoding");
            }
            if (ifNoneMatch != null && (ifNoneMatch.contains(index.etag()) || ifNoneMatch.contains(gzipTag))) {
                exchange.respond(304);
                return;
            }
            byte[] body = gzip ? gzip(index.json()) : index.json();
            if (gzip) {
                exchange.setHeader("Content-Encoding", "gzip");
            }
            exchange.respond(200, "application/json", body); // Jetty sends no body for HEAD
        });
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/i18n/:locale", (request, response) -> {
            User user = auth.authenticate(request);
            response.type("application/json");
            return new String(
                    CanonicalJson.bytes(indexer.localization(user, request.params("locale"))),
                    java.nio.charset.StandardCharsets.UTF_8);
        });
        http.get("/v1/sos", (request, response) -> {
            User user = auth.authenticate(request);
            response.type("application/json");
            return new String(CanonicalJson.bytes(indexer.sos(user)), java.nio.charset.StandardCharsets.UTF_8);
        });
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
