package org.offlinepacks.api.metrics;

import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.offlinepacks.api.http.transfer.FrontHandler;

/**
 * Times every request from its first byte to its last byte sent, asynchronous transfers included,
 * and counts the bytes sent; labelled with the route template {@link FrontHandler} matched.
 */
public final class RequestMetrics implements HttpChannel.Listener {
    private static final String STARTED = RequestMetrics.class.getName() + ".started";

    private final ServiceMetrics metrics;

    public RequestMetrics(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onRequestBegin(Request request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void onComplete(Request request) {
        Object started = request.getAttribute(STARTED);
        Object route = request.getAttribute(FrontHandler.ROUTE);
        long nanos = started instanceof Long start ? System.nanoTime() - start : 0;
        metrics.request(
                request.getMethod() == null ? "UNKNOWN" : request.getMethod(),
                route instanceof String template ? template : FrontHandler.UNMATCHED,
                request.getResponse().getStatus(),
                nanos,
                request.getHttpChannel().getBytesWritten());
    }
}
