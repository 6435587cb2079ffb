package org.offlinepacks.api.http;

import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/** The device download channel: manifests, content-addressed parts, whole bundles. */
public final class DownloadRoutes implements ApiRoutes {
    private final PackDownloads downloads;

    public DownloadRoutes(PackDownloads downloads) {
        this.downloads = downloads;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/packs/:boundaryId/manifest", (request, response) -> {
            User user = auth.authenticate(request);
            return FileResponder.send(request, response, downloads.manifest(user, request.params("boundaryId")));
        });
        http.get("/v1/packs/:boundaryId/bundle.zip", (request, response) -> {
            User user = auth.authenticate(request);
            return FileResponder.send(request, response, downloads.bundle(user, request.params("boundaryId")));
        });
        http.get("/v1/parts/:sha256", (request, response) -> {
            User user = auth.authenticate(request);
            return FileResponder.send(request, response, downloads.part(user, request.params("sha256")));
        });
    }
}
