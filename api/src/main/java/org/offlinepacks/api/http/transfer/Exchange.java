package org.offlinepacks.api.http.transfer;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.servlet.AsyncContext;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpOutput;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on the transfer side. A handler answers at once ({@link #respond},
 * {@link #respondJson}), or starts sending a file ({@link #sendFile}) or receiving a body
 * ({@link #receive}): both go on asynchronously, so no thread waits while a device's link is slow,
 * and both are watched by the {@link SlowLinkGuard}.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int READ_BUFFER_BYTES = 16 * 1024;

    private final Request base;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final String method;
    private final String path;
    private final Map<String, String> params;
    /** Headers every answer to this path carries, errors included (kept across a reset). */
    private final Map<String, String> alwaysHeaders;

    private final TransferConventions conventions;
    private final SlowLinkGuard guard;
    private AsyncContext async;
    /** True once an asynchronous send or receive owns the answer. */
    private boolean streaming;

    private boolean dispatchWhenReceived;

    Exchange(
            Request base,
            HttpServletRequest request,
            HttpServletResponse response,
            String method,
            String path,
            Map<String, String> params,
            Map<String, String> alwaysHeaders,
            TransferConventions conventions,
            SlowLinkGuard guard) {
        this.base = base;
        this.request = request;
        this.response = response;
        this.method = method;
        this.path = path;
        this.params = params;
        this.alwaysHeaders = alwaysHeaders;
        this.conventions = conventions;
        alwaysHeaders.forEach(response::setHeader);
        this.guard = guard;
    }

    /** The method, after {@code X-HTTP-Method-Override} (clients that cannot send PATCH send POST). */
    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /** A named segment of the route's path, e.g. {@code sha256} of {@code /v1/parts/:sha256}. */
    public String param(String name) {
        return params.get(name);
    }

    public String header(String name) {
        return request.getHeader(name);
    }

    public String query(String name) {
        return request.getParameter(name);
    }

    /** The declared body size, or -1 when the body is chunked or absent. */
    public long contentLength() {
        return request.getContentLengthLong();
    }

    public void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    /** An answer without a body (and without a Content-Type). */
    public void respond(int status) {
        response.setStatus(status);
    }

    public void respondJson(int status, Object body) throws IOException {
        respond(status, "application/json; charset=utf-8", conventions.json(body));
    }

    /** A small body written at once. */
    public void respond(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The error answer of the service's conventions for {@code error}. */
    public void respondError(Throwable error) throws IOException {
        respondAnswer(conventions.answerTo(error, method + " " + path));
    }

    void respondAnswer(Answer answer) throws IOException {
        answer.headers().forEach(response::setHeader);
        respondJson(answer.status(), answer.body());
    }

    public void redirect(int status, String location) {
        response.setHeader("Location", location);
        respond(status);
    }

    /** A published file with HTTP's conditional and range rules (see {@link FileSender}). */
    public void sendFile(FileRepresentation file) throws IOException {
        FileSender.send(this, file);
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    /** A handler failed before its answer began streaming: answer with the error. */
    void fail(Exception e) {
        if (streaming) {
            LOG.warn("{} {} failed while streaming", method, path, e);
            return;
        }
        answerFailure(e);
        if (async != null) {
            async.complete();
        }
    }

    TransferConventions conventions() {
        return conventions;
    }

    /**
     * Sends {@code length} bytes from {@code body} without holding a thread while the client reads
     * slowly; {@code body} is closed when done or failed.
     */
    void streamBody(ReadableByteChannel body, long length) throws IOException {
        startAsync();
        response.setContentLengthLong(length);
        SlowLinkGuard.Transfer transfer =
                guard.track(SlowLinkGuard.Direction.DOWNLOAD, "download of " + path, this::abort);
        CountingChannel counted = new CountingChannel(body, transfer);
        streaming = true;
        ((HttpOutput) response.getOutputStream()).sendContent(counted, new Callback() {
            @Override
            public void succeeded() {
                transfer.close();
                async.complete();
            }

            @Override
            public void failed(Throwable cause) {
                transfer.close();
                logCut("download of " + path, cause);
                async.complete();
            }
        });
    }

    /**
     * Reads the body asynchronously into {@code receiver}. More than {@code maxBytes} (declared or
     * received) is refused with 413 as soon as it is known, without reading the rest.
     */
    public void receive(long maxBytes, BodyReceiver receiver) throws IOException {
        long declared = contentLength();
        if (declared > maxBytes) {
            refuseTooLarge(maxBytes, receiver, "declares " + declared + " bytes");
            return;
        }
        startAsync();
        SlowLinkGuard.Transfer transfer = guard.track(SlowLinkGuard.Direction.UPLOAD, "upload to " + path, this::abort);
        ServletInputStream in = request.getInputStream();
        streaming = true;
        in.setReadListener(new ReadListener() {
            private final byte[] buffer = new byte[READ_BUFFER_BYTES];
            private long received;
            private boolean done;

            @Override
            public void onDataAvailable() {
                while (!done && in.isReady()) {
                    int read;
                    try {
                        read = in.read(buffer);
                    } catch (IOException cut) { // the client went away mid-body
                        onError(cut);
                        return;
                    }
                    if (read < 0) {
                        return;
                    }
                    received += read;
                    transfer.add(read);
                    if (received > maxBytes) {
                        stop(() -> refuseTooLarge(maxBytes, receiver, "has more than " + maxBytes + " bytes"));
                        return;
                    }
                    try {
                        receiver.accept(buffer, 0, read);
                    } catch (Exception e) {
                        stop(() -> {
                            receiver.abandon(e);
                            closeAfterAnswer();
                            respondError(e);
                        });
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                if (done) {
                    return;
                }
                done = true;
                transfer.close();
                try {
                    receiver.complete(Exchange.this);
                } catch (Exception e) {
                    answerFailure(e);
                }
                if (dispatchWhenReceived) {
                    async.dispatch();
                } else {
                    async.complete();
                }
            }

            @Override
            public void onError(Throwable cause) {
                if (done) {
                    return;
                }
                done = true;
                transfer.close();
                logCut("upload to " + path, cause);
                receiver.abandon(cause);
                async.complete();
            }

            private void stop(IoAction answer) {
                done = true;
                transfer.close();
                try {
                    answer.run();
                } catch (IOException e) {
                    LOG.debug("cannot answer {}", path, e);
                }
                async.complete();
            }
        });
    }

    /** After {@link BodyReceiver#complete}, hand the request to Spark instead of completing it. */
    void dispatchWhenReceived() {
        dispatchWhenReceived = true;
    }

    private void refuseTooLarge(long maxBytes, BodyReceiver receiver, String what) throws IOException {
        BodyTooLargeException tooLarge = new BodyTooLargeException(
                "the body " + what + "; " + method + " " + path + " takes at most " + maxBytes + " bytes");
        receiver.abandon(tooLarge);
        closeAfterAnswer();
        respondError(tooLarge);
    }

    /** The rest of the body is not read, so the connection cannot carry another request. */
    private void closeAfterAnswer() {
        response.setHeader("Connection", "close");
    }

    private void answerFailure(Exception e) {
        if (response.isCommitted()) {
            LOG.warn("{} {} failed after its answer began", method, path, e);
            return;
        }
        try {
            response.reset();
            alwaysHeaders.forEach(response::setHeader);
            respondError(e);
        } catch (IOException | RuntimeException second) {
            LOG.debug("cannot answer {} {}", method, path, second);
        }
    }

    private void startAsync() {
        if (async == null) {
            async = request.startAsync();
            async.setTimeout(0); // the connector's idle timeout and the slow-link guard end stalled ones
        }
    }

    private void abort() {
        base.getHttpChannel().abort(new TimeoutException("the client's link is under the slow-link floor"));
    }

    private static void logCut(String what, Throwable cause) {
        if (cause instanceof EofException || cause instanceof IOException || cause instanceof TimeoutException) {
            LOG.debug("{} ended early: {}", what, cause.toString());
        } else {
            LOG.warn("{} failed", what, cause);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Counts the bytes Jetty reads from the file, for the slow-link guard. */
    private record CountingChannel(ReadableByteChannel channel, SlowLinkGuard.Transfer transfer)
            implements ReadableByteChannel {
        @Override
        public int read(java.nio.ByteBuffer target) throws IOException {
            int read = channel.read(target);
            if (read > 0) {
                transfer.add(read);
            }
            return read;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
