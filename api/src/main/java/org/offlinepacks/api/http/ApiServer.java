package org.offlinepacks.api.http;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Service;

/**
 * The HTTP API on its own Spark {@link Service} (never Spark's static instance, so tests can run
 * several servers, and never Spark's default start-up failure handler, which exits the process).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int IDLE_THREAD_TIMEOUT_MS = 60_000;

    private final Service http;
    private final List<ApiRoutes> routes;
    private final String host;

    private ApiServer(Service http, List<ApiRoutes> routes, String host) {
        this.http = http;
        this.routes = routes;
        this.host = host;
    }

    /**
     * Starts listening and returns once requests are served; throws {@link IllegalStateException}
     * when the server cannot start (port taken, address not local, ...).
     */
    public static ApiServer start(ServerConfig config, Authenticator auth, List<ApiRoutes> routes) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Service http = Service.ignite()
                .ipAddress(config.host())
                .port(config.port())
                .threadPool(config.httpThreads(), Math.min(8, config.httpThreads()), IDLE_THREAD_TIMEOUT_MS);
        http.initExceptionHandler(failure::set);
        http.exception(Exception.class, ErrorMapper::handle);
        http.notFound((request, response) ->
                ApiJson.respond(response, 404, new ErrorMapper.ErrorBody("not-found", "no such endpoint")));
        http.internalServerError((request, response) -> ApiJson.respond(
                response, 500, new ErrorMapper.ErrorBody("internal", "the service failed; the log has the details")));
        for (ApiRoutes group : routes) {
            group.register(http, auth);
        }
        http.init();
        http.awaitInitialization();
        if (failure.get() != null) {
            http.stop();
            http.awaitStop();
            throw new IllegalStateException(
                    "cannot serve on " + config.host() + ":" + config.port() + ": "
                            + failure.get().getMessage(),
                    failure.get());
        }
        ApiServer server = new ApiServer(http, List.copyOf(routes), config.host());
        LOG.info("serving on {}", server.baseUri());
        return server;
    }

    /** The port listened on: the configured one, or the one picked for port 0. */
    public int port() {
        return http.port();
    }

    public URI baseUri() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + port());
    }

    @Override
    public void close() {
        http.stop();
        http.awaitStop();
        for (ApiRoutes group : routes) {
            try {
                group.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed", group.getClass().getSimpleName(), e);
            }
        }
        LOG.info("stopped");
    }
}
