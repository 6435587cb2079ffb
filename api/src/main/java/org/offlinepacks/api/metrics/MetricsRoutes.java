package org.offlinepacks.api.metrics;

import org.offlinepacks.api.http.ApiRoutes;
import org.offlinepacks.api.http.Authenticator;
import org.offlinepacks.api.http.UnauthenticatedException;
import spark.Service;

/** {@code GET /metrics} on the public port, for requests with the operators' token. */
public final class MetricsRoutes implements ApiRoutes {
    /** The Prometheus text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MetricsAccess access;
    private final ServiceMetrics metrics;

    public MetricsRoutes(MetricsAccess access, ServiceMetrics metrics) {
        this.access = access;
        this.metrics = metrics;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/metrics", (request, response) -> {
            if (!access.allows(request.headers("Authorization"))) {
                throw new UnauthenticatedException("the metrics need the operators' bearer token (metricsTokenSha256)");
            }
            response.type(CONTENT_TYPE);
            response.header("Cache-Control", "no-store");
            return metrics.scrape();
        });
    }
}
