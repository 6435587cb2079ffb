package org.offlinepacks.api.http.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes served on Jetty directly, before Spark: everything that sends or receives a file over a
 * device's slow link. Registered once at start-up, then only read.
 */
public final class TransferRouter {
    /** Handles one request; see {@link Exchange} for answering, sending a file or receiving a body. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    record Route(String method, PathPattern path, Handler handler) {}

    record Match(Route route, Map<String, String> params) {}

    private record Headers(PathPattern path, Map<String, String> headers) {}

    private final List<Route> routes = new ArrayList<>();
    private final List<Headers> headers = new ArrayList<>();

    public TransferRouter get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    /** GET and HEAD: HEAD answers the same headers without the body. */
    public TransferRouter getAndHead(String path, Handler handler) {
        return add("GET", path, handler).add("HEAD", path, handler);
    }

    public TransferRouter head(String path, Handler handler) {
        return add("HEAD", path, handler);
    }

    public TransferRouter post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    public TransferRouter patch(String path, Handler handler) {
        return add("PATCH", path, handler);
    }

    public TransferRouter delete(String path, Handler handler) {
        return add("DELETE", path, handler);
    }

    public TransferRouter options(String path, Handler handler) {
        return add("OPTIONS", path, handler);
    }

    /** Headers on every answer under {@code path}, errors included (e.g. tus's {@code Tus-Resumable}). */
    public TransferRouter alwaysHeaders(String path, Map<String, String> values) {
        headers.add(new Headers(PathPattern.of(path), new LinkedHashMap<>(values)));
        return this;
    }

    private TransferRouter add(String method, String path, Handler handler) {
        routes.add(new Route(method, PathPattern.of(path), handler));
        return this;
    }

    Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Optional<Map<String, String>> params = route.path().match(path);
                if (params.isPresent()) {
                    return Optional.of(new Match(route, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Every route as METHOD and path template, in the order registered. */
    public List<Map.Entry<String, String>> routes() {
        return routes.stream()
                .map(route -> Map.entry(route.method(), route.path().pattern()))
                .toList();
    }

    /** The methods some transfer route answers on {@code path}. */
    Set<String> methodsFor(String path) {
        Set<String> methods = new TreeSet<>();
        routes.stream().filter(r -> r.path().matches(path)).forEach(r -> methods.add(r.method()));
        return methods;
    }

    Map<String, String> alwaysHeadersFor(String path) {
        Map<String, String> values = new LinkedHashMap<>();
        headers.stream().filter(h -> h.path().matches(path)).forEach(h -> values.putAll(h.headers()));
        return values;
    }
}
