package org.offlinepacks.api.http;

import java.util.function.Supplier;
import spark.Service;

/** {@code GET /v1/health}, unauthenticated: 200 when ready to serve, 503 when alive but not ready. */
public final class HealthRoutes implements ApiRoutes {
    /** @param ready true when the checks pass */
    public record Health(String status, boolean live, boolean ready, Object checks) {}

    private final Supplier<Health> health;

    public HealthRoutes(Supplier<Health> health) {
        this.health = health;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/health", (request, response) -> {
            Health now = health.get();
            response.header("Cache-Control", "no-store");
            return ApiJson.respond(response, now.ready() ? 200 : 503, now);
        });
    }
}
