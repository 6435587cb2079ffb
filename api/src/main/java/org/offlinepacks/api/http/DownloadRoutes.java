package org.offlinepacks.api.http;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Optional;
import org.offlinepacks.api.download.FileResource;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.api.http.transfer.AcceptEncoding;
import org.offlinepacks.api.http.transfer.Exchange;
import org.offlinepacks.api.http.transfer.FileRepresentation;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.boundarydata.users.User;

/**
 * The device download channel, GET and HEAD: the current manifest of a boundary (mutable, strong
 * ETag), and every file of the kept packs by its sha256 (immutable: parts, their gzip forms,
 * bundles). {@code /v1/packs/{id}/bundle.zip} redirects to the current bundle's immutable URL, so
 * a resumed download always finishes the version it started.
 */
public final class DownloadRoutes implements ApiRoutes {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** The base64 of manifest.json.sig, on every manifest sent: the signature comes with the bytes it signs. */
    static final String SIGNATURE_HEADER = "Manifest-Signature";

    private final PackDownloads downloads;

    public DownloadRoutes(PackDownloads downloads) {
        this.downloads = downloads;
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        transfers.getAndHead("/v1/packs/:boundaryId/manifest", exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            PackDownloads.CurrentPack current = downloads.currentPack(user, exchange.param("boundaryId"));
            String ifNoneMatch = exchange.header("If-None-Match");
            if (ifNoneMatch == null || !ifNoneMatch.contains(current.manifest().etag())) {
                signature(current).ifPresent(value -> exchange.setHeader(SIGNATURE_HEADER, value));
            } // a 304 stays small: the device has the signature of the manifest it holds
            send(exchange, current.manifest());
        });
        transfers.getAndHead("/v1/packs/:boundaryId/manifest.json.sig", exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            send(exchange, downloads.manifestSignature(user, exchange.param("boundaryId"), exchange.query("manifest")));
        });
        transfers.getAndHead("/v1/packs/:boundaryId/bundle.zip", exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            String sha256 = downloads.currentBundle(user, exchange.param("boundaryId"));
            exchange.setHeader("Cache-Control", REVALIDATE);
            exchange.redirect(307, "/v1/parts/" + sha256);
        });
        transfers.getAndHead("/v1/parts/:sha256", exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            send(exchange, downloads.file(user, exchange.param("sha256")));
        });
    }

    /** The base64 of the pack's manifest.json.sig; empty for a pack built before packs were signed. */
    private static Optional<String> signature(PackDownloads.CurrentPack current) {
        try {
            return Optional.of(Base64.getEncoder()
                    .encodeToString(Files.readAllBytes(current.signature().path())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The gzip form to clients that accept it, else the file itself. */
    static void send(Exchange exchange, FileResource resource) throws IOException {
        exchange.setHeader("Cache-Control", resource.immutable() ? IMMUTABLE : REVALIDATE);
        FileResource.Gzip gzip = resource.gzip();
        if (gzip != null) {
            exchange.setHeader("Vary", "Accept-Encoding");
        }
        exchange.sendFile(
                gzip != null && AcceptEncoding.acceptsGzip(exchange.header("Accept-Encoding"))
                        ? new FileRepresentation(gzip.file()::path, gzip.etag(), resource.mediaType(), "gzip")
                        : new FileRepresentation(resource.file()::path, resource.etag(), resource.mediaType(), null));
    }
}
