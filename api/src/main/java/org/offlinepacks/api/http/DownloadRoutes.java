package org.offlinepacks.api.http;

import org.offlinepacks.api.download.FileResource;
import org.offlinepacks.api.download.PackDownloads;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;
import spark.Service;

/** The device download channel: manifests, content-addressed parts, whole bundles; GET and HEAD. */
public final class DownloadRoutes implements ApiRoutes {
    private interface Lookup {
        FileResource find(User user, Request request);
    }

    private final PackDownloads downloads;

    public DownloadRoutes(PackDownloads downloads) {
        this.downloads = downloads;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        register(
                http,
                auth,
                "/v1/packs/:boundaryId/manifest",
                (user, request) -> downloads.manifest(user, request.params("boundaryId")));
        register(
                http,
                auth,
                "/v1/packs/:boundaryId/bundle.zip",
                (user, request) -> downloads.bundle(user, request.params("boundaryId")));
        register(http, auth, "/v1/parts/:sha256", (user, request) -> downloads.part(user, request.params("sha256")));
    }

    /** HEAD answers like GET without the body: devices learn the size and tag before a download. */
    private static void register(Service http, Authenticator auth, String path, Lookup lookup) {
        spark.Route route = (request, response) ->
                FileResponder.send(request, response, lookup.find(auth.authenticate(request), request));
        http.get(path, route);
        http.head(path, route);
    }
}
