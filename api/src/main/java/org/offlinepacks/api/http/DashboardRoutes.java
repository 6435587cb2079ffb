package org.offlinepacks.api.http;

import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.dashboard.Dashboards;
import org.offlinepacks.api.download.FileResource;
import org.offlinepacks.api.http.transfer.AcceptEncoding;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.boundarydata.users.User;

/**
 * {@code GET /v1/dashboards}: the dashboards of the caller's area, whose sha256 the sync index
 * names (it is the strong ETag too, so a device holding them gets a 304).
 */
public final class DashboardRoutes implements ApiRoutes {
    private static final int GZIP_FROM_BYTES = 1024;

    private final Dashboards dashboards;

    public DashboardRoutes(Dashboards dashboards) {
        this.dashboards = dashboards;
    }

    @Override
    public void register(TransferRouter transfers, Authenticator auth) {
        transfers.getAndHead(Dashboards.HREF, exchange -> {
            User user = auth.authenticate(exchange.header("Authorization"));
            Dashboards.Rendered rendered = dashboards.render(user);
            if (rendered == null) {
                throw new NotFoundException("campaign " + user.campaignId() + " declares no indicators");
            }
            String etag = FileResource.quote(rendered.sha256());
            String gzipTag = FileResource.quote(rendered.sha256() + "-gz");
            boolean gzip = rendered.json().length >= GZIP_FROM_BYTES
                    && AcceptEncoding.acceptsGzip(exchange.header("Accept-Encoding"));
            exchange.setHeader("ETag", gzip ? gzipTag : etag);
            exchange.setHeader("Cache-Control", "no-cache");
            if (rendered.json().length >= GZIP_FROM_BYTES) {
                exchange.setHeader("Vary", "Accept-Encoding");
            }
            String ifNoneMatch = exchange.header("If-None-Match");
            if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.contains(gzipTag))) {
                exchange.respond(304);
                return;
            }
            if (gzip) {
                exchange.setHeader("Content-Encoding", "gzip");
            }
            exchange.respond(200, "application/json", gzip ? SyncRoutes.gzip(rendered.json()) : rendered.json());
        });
    }
}
