package org.offlinepacks.api.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.http.ApiRoutes;
import org.offlinepacks.api.http.Authenticator;
import spark.Service;

/**
 * The planner console at {@code /console/}: static files in the jar ({@code console/}), and
 * Leaflet from its WebJar under {@code /console/vendor/leaflet/}. Unauthenticated files; the
 * console signs in with a bearer token and calls the API like any client.
 */
public final class ConsoleRoutes implements ApiRoutes {
    static final String FILES = "/console/";
    static final String LEAFLET = "/META-INF/resources/webjars/leaflet/1.9.4/dist/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/console", (request, response) -> {
            response.redirect("/console/", 301);
            return "";
        });
        http.get("/console/*", (request, response) -> {
            String[] splat = request.splat();
            String path = splat.length == 0 || splat[0].isEmpty() ? "index.html" : splat[0];
            byte[] body = file(path);
            String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            response.type(TYPES.getOrDefault(extension, "application/octet-stream"));
            response.header("Cache-Control", "no-cache");
            response.header("X-Content-Type-Options", "nosniff");
            response.raw().getOutputStream().write(body);
            return "";
        });
    }

    private static byte[] file(String path) throws IOException {
        if (path.contains("..") || path.contains("\\") || path.startsWith("/")) {
            throw new NotFoundException("no console file " + path);
        }
        String resource = path.startsWith("vendor/leaflet/")
                ? LEAFLET + path.substring("vendor/leaflet/".length())
                : FILES + path;
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NotFoundException("no console file " + path);
            }
            return in.readAllBytes();
        }
    }
}
