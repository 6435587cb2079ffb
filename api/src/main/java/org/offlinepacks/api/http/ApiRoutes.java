package org.offlinepacks.api.http;

import spark.Service;

/**
 * A group of routes of the HTTP API (downloads, planner, forms, uploads, ...). Each group registers
 * its routes on the server's {@link Service} and authenticates its requests with the shared
 * {@link Authenticator}. Handlers stay thin: they parse the request, call a service that knows
 * nothing of HTTP, and write the answer; exceptions go to the server's one {@link ErrorMapper}.
 */
public interface ApiRoutes extends AutoCloseable {
    void register(Service http, Authenticator auth);

    /** Releases what the group holds (stores, workers) when the server stops. */
    @Override
    default void close() {}
}
