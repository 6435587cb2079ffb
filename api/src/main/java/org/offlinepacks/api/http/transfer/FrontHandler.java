package org.offlinepacks.api.http.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.servlet.DispatcherType;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request passes here first. Transfer routes (files to and from devices) are served on Jetty
 * directly, asynchronously; the other routes go to Spark, which wraps this handler's next one. A
 * body for a Spark route is read here first, asynchronously and only up to the route's limit, so a
 * slow or oversized body never holds one of Spark's threads. Unknown paths get 404 and known paths
 * asked with another method get 405 with {@code Allow}, both without reading the body.
 */
public final class FrontHandler extends HandlerWrapper {
    private static final Logger LOG = LoggerFactory.getLogger(FrontHandler.class);
    private static final String BODY = FrontHandler.class.getName() + ".body";
    /** The request attribute with the template of the route that serves it, for the metrics. */
    public static final String ROUTE = FrontHandler.class.getName() + ".route";
    /** The route of requests no route serves (404, 405), so that raw paths never become metric labels. */
    public static final String UNMATCHED = "unmatched";

    private static final Set<String> OVERRIDABLE = Set.of("PATCH", "DELETE", "PUT");

    /** A route Spark serves, and the most bytes of body it takes. */
    public record SparkRoute(String method, PathPattern path, long maxBodyBytes) {}

    private final TransferRouter transfers;
    private final Supplier<List<SparkRoute>> sparkRoutes;
    private final TransferConventions conventions;
    private final SlowLinkGuard guard;

    public FrontHandler(
            TransferRouter transfers,
            Supplier<List<SparkRoute>> sparkRoutes,
            TransferConventions conventions,
            SlowLinkGuard guard) {
        this.transfers = transfers;
        this.sparkRoutes = sparkRoutes;
        this.conventions = conventions;
        this.guard = guard;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            byte[] body = (byte[]) request.getAttribute(BODY);
            toSpark(target, base, new BufferedBody(request, body), response);
            return;
        }
        String path = base.getPathInfo() == null ? "/" : base.getPathInfo();
        String method = effectiveMethod(request);
        Optional<TransferRouter.Match> transfer = transfers.match(method, path);
        Exchange exchange = new Exchange(
                base,
                request,
                response,
                method,
                path,
                transfer.map(TransferRouter.Match::params).orElse(Map.of()),
                transfers.alwaysHeadersFor(path),
                conventions,
                guard);
        base.setHandled(true);
        try {
            if (transfer.isPresent()) {
                request.setAttribute(ROUTE, transfer.get().route().path().pattern());
                transfer.get().route().handler().handle(exchange);
                return;
            }
            Optional<SparkRoute> spark = sparkRoute(method, path);
            if (spark.isEmpty()) {
                request.setAttribute(ROUTE, UNMATCHED);
                refuse(exchange, method, path);
                return;
            }
            request.setAttribute(ROUTE, spark.get().path().pattern());
            if (hasBody(request)) {
                exchange.receive(spark.get().maxBodyBytes(), new BufferForSpark());
                return;
            }
            base.setHandled(false);
            toSpark(target, base, "HEAD".equals(method) ? new AsGet(request) : request, response);
        } catch (Exception e) {
            exchange.fail(e);
        }
    }

    private void toSpark(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        super.handle(target, base, request, new NoContentTypeWithoutContent(response));
    }

    /** 404 for an unknown path, 204 with {@code Allow} for OPTIONS, else 405 with {@code Allow}. */
    private void refuse(Exchange exchange, String method, String path) throws IOException {
        Set<String> allowed = allowedMethods(path);
        if (hasBody(exchange.request())) {
            exchange.setHeader("Connection", "close"); // the body is not read
        }
        if (allowed.isEmpty()) {
            exchange.respondError(new org.offlinepacks.api.NotFoundException("no such endpoint: " + path));
        } else if (method.equals("OPTIONS")) {
            exchange.setHeader("Allow", String.join(", ", allowed));
            exchange.respond(204);
        } else {
            exchange.respondError(new MethodNotAllowedException(method, path, allowed));
        }
    }

    private Set<String> allowedMethods(String path) {
        Set<String> methods = new TreeSet<>(transfers.methodsFor(path));
        for (SparkRoute route : sparkRoutes.get()) {
            if (route.path().matches(path)) {
                methods.add(route.method());
                if (route.method().equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    private Optional<SparkRoute> sparkRoute(String method, String path) {
        String wanted = method.equals("HEAD") ? "GET" : method;
        return sparkRoutes.get().stream()
                .filter(route -> route.method().equals(wanted) && route.path().matches(path))
                .findFirst();
    }

    /** Clients that cannot send PATCH (Java's HttpURLConnection, so tus-java-client) send POST with this. */
    private static String effectiveMethod(HttpServletRequest request) {
        String override = request.getHeader("X-HTTP-Method-Override");
        if ("POST".equals(request.getMethod()) && override != null) {
            String method = override.trim().toUpperCase(Locale.ROOT);
            if (OVERRIDABLE.contains(method)) {
                return method;
            }
        }
        return request.getMethod();
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Collects a Spark route's body, then dispatches the request again to Spark with it. */
    private static final class BufferForSpark implements BodyReceiver {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            body.write(bytes, offset, length);
        }

        @Override
        public void complete(Exchange exchange) {
            exchange.request().setAttribute(BODY, body.toByteArray());
            exchange.dispatchWhenReceived();
        }

        @Override
        public void abandon(Throwable cause) {
            LOG.debug("body not received whole: {}", cause.toString());
        }
    }

    /** The request with its body already read. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body == null ? new byte[0] : body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            // Spark reads a chunked body directly, not from the buffer: it is not chunked any more
            return "Transfer-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }
    }

    /** HEAD of a route Spark has as GET: Jetty drops the body of a HEAD answer itself. */
    private static final class AsGet extends HttpServletRequestWrapper {
        AsGet(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            return "GET";
        }
    }

    /** Spark gives every answer a Content-Type, 204 and 304 too; those have no content to type. */
    private static final class NoContentTypeWithoutContent extends HttpServletResponseWrapper {
        NoContentTypeWithoutContent(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setContentType(String type) {
            int status = getStatus();
            if (status != 204 && status != 304) {
                super.setContentType(type);
            }
        }
    }
}
