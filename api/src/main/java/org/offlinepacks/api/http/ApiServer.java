package org.offlinepacks.api.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.offlinepacks.api.http.transfer.FrontHandler;
import org.offlinepacks.api.http.transfer.JsonErrorHandler;
import org.offlinepacks.api.http.transfer.PathPattern;
import org.offlinepacks.api.http.transfer.SlowLinkGuard;
import org.offlinepacks.api.http.transfer.TransferRouter;
import org.offlinepacks.api.metrics.RequestMetrics;
import org.offlinepacks.api.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Service;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;
import spark.embeddedserver.jetty.JettyServerFactory;
import spark.route.HttpMethod;

/**
 * The HTTP API: one Jetty server whose {@link FrontHandler} serves the transfer routes (files to
 * and from devices, asynchronously) and hands the JSON routes to a Spark {@link Service}. Never
 * Spark's static instance (tests run several servers) nor its start-up failure handler (which
 * exits the process).
 */
public final class ApiServer implements AutoCloseable {
    /** The most bytes of body a Spark route takes unless it declares a {@link BodyLimit}. */
    public static final long DEFAULT_BODY_LIMIT = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int IDLE_THREAD_TIMEOUT_MS = 60_000;
    /** Thousands of phones connect in the same seconds; Java's default backlog is 50. */
    private static final int ACCEPT_QUEUE = 4096;

    private final Service http;
    private final ServerConnector connector;
    private final SlowLinkGuard guard;
    private final List<ApiRoutes> routes;
    private final String host;
    private final List<String> served;

    private ApiServer(
            Service http,
            ServerConnector connector,
            SlowLinkGuard guard,
            List<ApiRoutes> routes,
            String host,
            List<String> served) {
        this.http = http;
        this.connector = connector;
        this.guard = guard;
        this.routes = routes;
        this.host = host;
        this.served = served;
    }

    /**
     * Starts listening and returns once requests are served; throws {@link IllegalStateException}
     * when the server cannot start (port taken, address not local, ...).
     */
    public static ApiServer start(ServerConfig config, Authenticator auth, List<ApiRoutes> routes) {
        return start(config, auth, routes, new ServiceMetrics());
    }

    /** As {@link #start(ServerConfig, Authenticator, List)}, measuring requests and transfers into {@code metrics}. */
    public static ApiServer start(
            ServerConfig config, Authenticator auth, List<ApiRoutes> routes, ServiceMetrics metrics) {
        ApiConventions conventions = new ApiConventions();
        SlowLinkGuard guard = SlowLinkGuard.start(
                config.link().floorBytesPerSecond(), config.link().floorWindow());
        TransferRouter transfers = new TransferRouter();
        // Spark starts serving at its first route, so until all are registered they are read live
        AtomicReference<List<FrontHandler.SparkRoute>> knownRoutes = new AtomicReference<>();
        List<BodyLimit> limits = new ArrayList<>();
        AtomicReference<Service> spark = new AtomicReference<>();
        FrontHandler front = new FrontHandler(
                transfers,
                () -> knownRoutes.get() != null ? knownRoutes.get() : sparkRoutes(spark.get(), limits),
                conventions,
                guard);
        metrics.transfersInProgress("download", () -> guard.activeTransfers(SlowLinkGuard.Direction.DOWNLOAD));
        metrics.transfersInProgress("upload", () -> guard.activeTransfers(SlowLinkGuard.Direction.UPLOAD));
        JettyWithFront jetty = new JettyWithFront(config, front, new JsonErrorHandler(conventions), metrics);

        Object serverId = new Object();
        EmbeddedServers.add(serverId, new EmbeddedJettyFactory(jetty));
        AtomicReference<Exception> failure = new AtomicReference<>();
        Service http = Service.ignite();
        spark.set(http);
        http.embeddedServerIdentifier(serverId);
        http.initExceptionHandler(failure::set);
        http.exception(Exception.class, ErrorMapper::handle);
        http.notFound((request, response) ->
                ApiJson.respond(response, 404, new ErrorMapper.ErrorBody("not-found", "no such endpoint")));
        http.internalServerError((request, response) -> ApiJson.respond(
                response, 500, new ErrorMapper.ErrorBody("internal", "the service failed; the log has the details")));
        for (ApiRoutes group : routes) {
            limits.addAll(group.bodyLimits());
            group.register(transfers, auth);
        }
        for (ApiRoutes group : routes) {
            group.register(http, auth);
        }
        http.init();
        http.awaitInitialization();
        knownRoutes.set(sparkRoutes(http, limits));
        if (failure.get() != null) {
            http.stop();
            http.awaitStop();
            guard.close();
            throw new IllegalStateException(
                    "cannot serve on " + config.host() + ":" + config.port() + ": "
                            + failure.get().getMessage(),
                    failure.get());
        }
        List<String> served = new ArrayList<>();
        transfers.routes().forEach(route -> served.add(route.getKey() + " " + route.getValue()));
        knownRoutes
                .get()
                .forEach(route -> served.add(route.method() + " " + route.path().pattern()));
        ApiServer server =
                new ApiServer(http, jetty.connector, guard, List.copyOf(routes), config.host(), List.copyOf(served));
        LOG.info("serving on {}", server.baseUri());
        return server;
    }

    private static List<FrontHandler.SparkRoute> sparkRoutes(Service http, List<BodyLimit> limits) {
        List<FrontHandler.SparkRoute> known = new ArrayList<>();
        http.routes().forEach(route -> {
            HttpMethod method = route.getHttpMethod();
            if (method == HttpMethod.before || method == HttpMethod.after || method == HttpMethod.afterafter) {
                return;
            }
            String name = method.name().toUpperCase(Locale.ROOT);
            long limit = limits.stream()
                    .filter(l -> l.method().equals(name) && l.path().equals(route.getMatchUri()))
                    .mapToLong(BodyLimit::maxBytes)
                    .findFirst()
                    .orElse(DEFAULT_BODY_LIMIT);
            known.add(new FrontHandler.SparkRoute(name, PathPattern.of(route.getMatchUri()), limit));
        });
        return List.copyOf(known);
    }

    /** Every route served, as {@code METHOD /path/:param} (Spark's notation), transfer routes first. */
    public List<String> routes() {
        return served;
    }

    /** The port listened on: the configured one, or the one picked for port 0. */
    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + port());
    }

    /** Downloads and uploads in progress. */
    public int activeTransfers() {
        return guard.activeTransfers();
    }

    @Override
    public void close() {
        http.stop();
        http.awaitStop();
        guard.close();
        for (ApiRoutes group : routes) {
            try {
                group.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {} failed", group.getClass().getSimpleName(), e);
            }
        }
        LOG.info("stopped");
    }

    /**
     * Gives Spark a Jetty server with this service's connector, thread pool and error handler, and
     * puts the {@link FrontHandler} in front of the handler Spark installs.
     */
    private static final class JettyWithFront implements JettyServerFactory {
        private final ServerConfig config;
        private final FrontHandler front;
        private final JsonErrorHandler errors;
        private final ServiceMetrics metrics;
        private ServerConnector connector;

        JettyWithFront(ServerConfig config, FrontHandler front, JsonErrorHandler errors, ServiceMetrics metrics) {
            this.config = config;
            this.front = front;
            this.errors = errors;
            this.metrics = metrics;
        }

        @Override
        public Server create(int maxThreads, int minThreads, int threadTimeoutMillis) {
            QueuedThreadPool pool = new QueuedThreadPool(
                    config.httpThreads(), Math.min(8, config.httpThreads()), IDLE_THREAD_TIMEOUT_MS);
            pool.setName("http");
            return create(pool);
        }

        @Override
        public Server create(ThreadPool pool) {
            Server server = new Server(pool) {
                @Override
                public void setHandler(Handler spark) {
                    front.setHandler(spark);
                    super.setHandler(front);
                }
            };
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // a body over its route's limit is refused from its headers, before any of it arrives
            http.setDelayDispatchUntilContent(false);
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setIdleTimeout(config.link().idleTimeout().toMillis());
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connector.setAcceptedSendBufferSize(config.link().sendBufferBytes());
            connector.addBean(new RequestMetrics(metrics));
            metrics.httpThreads(pool);
            server.addConnector(connector);
            server.setErrorHandler(errors);
            server.setStopTimeout(2_000);
            return server;
        }
    }
}
