package org.offlinepacks.api.http;

import java.util.List;
import org.offlinepacks.api.http.transfer.TransferRouter;
import spark.Service;

/**
 * A group of routes of the HTTP API (downloads, planner, forms, uploads, ...). Each group registers
 * its routes on the server's {@link Service} and authenticates its requests with the shared
 * {@link Authenticator}. Handlers stay thin: they parse the request, call a service that knows
 * nothing of HTTP, and write the answer; exceptions go to the server's one {@link ErrorMapper}.
 */
public interface ApiRoutes extends AutoCloseable {
    /** The group's JSON routes, served by Spark. */
    default void register(Service http, Authenticator auth) {}

    /**
     * The group's routes that move files to or from devices, served on Jetty directly and
     * asynchronously so that slow links hold no thread (downloads, resumable uploads).
     */
    default void register(TransferRouter transfers, Authenticator auth) {}

    /** Limits on the request bodies of this group's Spark routes, beyond the default. */
    default List<BodyLimit> bodyLimits() {
        return List.of();
    }

    /** Releases what the group holds (stores, workers) when the server stops. */
    @Override
    default void close() {}
}
