package org.offlinepacks.api.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /metrics} on a port of its own, off the public one: for a scraper on the internal network. */
public final class MetricsListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

    private final HttpServer server;

    private MetricsListener(HttpServer server) {
        this.server = server;
    }

    public static MetricsListener start(MetricsAccess access, ServiceMetrics metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(access.host(), access.port()), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the metrics on " + access.host() + ":" + access.port() + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                int status;
                byte[] body;
                if (!exchange.getRequestMethod().equals("GET")) {
                    status = 405;
                    body = "GET only\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Allow", "GET");
                } else if (!access.allows(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    body = "the metrics need the operators' bearer token\n".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                } else {
                    status = 200;
                    body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", MetricsRoutes.CONTENT_TYPE);
                }
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        LOG.info(
                "metrics on http://{}:{}/metrics",
                access.host(),
                server.getAddress().getPort());
        return new MetricsListener(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
