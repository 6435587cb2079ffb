package org.offlinepacks.api.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client of the end-to-end tests: a JDK {@link HttpClient} that checks every exchange
 * against the OpenAPI description ({@code openapi/openapi.yaml}), so the description cannot drift
 * from what the service does. An answer must be documented (path, method, status, headers, JSON
 * body with no undocumented field); a request the service accepted (2xx, 3xx) must be documented
 * too, while one it refused may be anything: tests send bad requests on purpose. Bodies that are
 * still streaming when {@code send} returns (files read as a stream) are checked by status and
 * headers only.
 */
public final class ContractClient extends HttpClient {
    private static final long MAX_CHECKED_BODY = 4L << 20;
    // the document's text, not its URL: its references are all inside it, and a URL inside a jar
    // (the benchmarks put the service's jar first on the class path) is not one the parser resolves
    private static final String DESCRIPTION = description();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(DESCRIPTION)
                    .withCustomResponseValidation(new ResponseSchemaCheck(DESCRIPTION))
                    .withLevelResolver(LevelResolver.create()
                            // no body to check: 204, 304, HEAD, or a file still streaming to the test
                            .withLevel("validation.response.body.missing", ValidationReport.Level.IGNORE)
                            // the validator reads an OpenAPI 3.1 parameter's "type: array" from a field its
                            // 3.1 parser leaves empty, so a repeated ?confirm= looks like one value too many
                            .withLevel("validation.request.parameter.collection.invalid", ValidationReport.Level.IGNORE)
                            .build())
                    .build();

    private final HttpClient client;

    private static String description() {
        try (java.io.InputStream in = ContractClient.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ContractClient(HttpClient client) {
        this.client = client;
    }

    public static ContractClient of(HttpClient.Builder builder) {
        return new ContractClient(builder.build());
    }

    /** As {@link HttpClient#newHttpClient()}. */
    public static ContractClient create() {
        return new ContractClient(HttpClient.newHttpClient());
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] requestBody = requestBody(request);
        Tee<T> tee = new Tee<>(handler);
        HttpResponse<T> response = client.send(request, tee);
        check(request, requestBody, response, tee.completeBody());
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        byte[] requestBody = requestBody(request);
        Tee<T> tee = new Tee<>(handler);
        return client.sendAsync(request, tee).thenApply(response -> {
            check(request, requestBody, response, tee.completeBody());
            return response;
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    /** Checks one exchange; throws {@link AssertionError} naming what the description lacks. */
    static void check(HttpRequest request, byte[] requestBody, HttpResponse<?> response, byte[] responseBody) {
        String method = request.method().toUpperCase(Locale.ROOT);
        String path = request.uri().getRawPath();
        if (!path.startsWith("/v1/") && !path.equals("/metrics")) {
            return; // not the service: object storage's presigned URLs, a tile server
        }
        SimpleRequest.Builder asked = new SimpleRequest.Builder(method, path);
        request.headers().map().forEach(asked::withHeader);
        if (requestBody != null && requestBody.length > 0) {
            asked.withBody(requestBody);
        }
        String query = request.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                asked.withQueryParam(name, value);
            }
        }
        SimpleRequest modelRequest = asked.build();
        int status = response.statusCode();
        SimpleResponse.Builder answered = SimpleResponse.Builder.status(status);
        HttpHeaders headers = response.headers();
        headers.map().forEach(answered::withHeader);
        byte[] decoded =
                decoded(responseBody, headers.firstValue("Content-Encoding").orElse(null), status);
        if (decoded != null && decoded.length > 0 && !"HEAD".equals(method)) {
            answered.withBody(decoded);
        }
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(method), answered.build());
        if (status < 400) {
            report = report.merge(VALIDATOR.validateRequest(modelRequest));
        }
        List<ValidationReport.Message> problems = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !undocumentedOnPurpose(message, status, method))
                .toList();
        if (!problems.isEmpty()) {
            throw new AssertionError("the OpenAPI description (api/src/main/resources" + OpenApiRoutes.RESOURCE
                    + ") does not describe " + method + " " + request.uri() + " answered " + status + ":\n  "
                    + problems.stream().map(ContractClient::describe).collect(Collectors.joining("\n  "))
                    + (responseBody == null
                            ? ""
                            : "\nbody: "
                                    + new String(
                                            responseBody,
                                            0,
                                            Math.min(responseBody.length, 2000),
                                            StandardCharsets.UTF_8)));
        }
    }

    /**
     * The body as its media type has it: gunzipped when sent gzip; null (not checked) for a range,
     * which is never a whole document.
     */
    private static byte[] decoded(byte[] body, String contentEncoding, int status) {
        if (status == 206) {
            return null;
        }
        if (body == null || contentEncoding == null || contentEncoding.isBlank()) {
            return body;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip") || status != 200) {
            return null;
        }
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("the answer says Content-Encoding: gzip but its body is not gzip", e);
        }
    }

    /**
     * Paths and methods no route serves are refused by the server alone (404, 405, and OPTIONS's
     * {@code Allow} on any path): tests ask for them on purpose, and they have no operation to
     * document.
     */
    private static boolean undocumentedOnPurpose(ValidationReport.Message message, int status, String method) {
        String key = message.getKey();
        boolean noOperation =
                key.equals("validation.request.path.missing") || key.equals("validation.request.operation.notAllowed");
        return noOperation && (status == 404 || status == 405 || (method.equals("OPTIONS") && status == 204));
    }

    private static String describe(ValidationReport.Message message) {
        return message.getKey() + ": " + message.getMessage();
    }

    /** The bytes a request sends, read from its publisher (which can be subscribed again). */
    private static byte[] requestBody(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        // a streamed body (unknown length) is not read twice
        if (publisher.isEmpty()
                || publisher.get().contentLength() <= 0
                || publisher.get().contentLength() > MAX_CHECKED_BODY) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toByteArray());
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** Passes the body to the test's own handler and keeps a copy of what it passed. */
    private static final class Tee<T> implements HttpResponse.BodyHandler<T> {
        private final HttpResponse.BodyHandler<T> handler;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        private volatile boolean complete;
        private volatile boolean tooLarge;

        Tee(HttpResponse.BodyHandler<T> handler) {
            this.handler = handler;
        }

        byte[] completeBody() {
            synchronized (copy) {
                return complete && !tooLarge ? copy.toByteArray() : null;
            }
        }

        @Override
        public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
            HttpResponse.BodySubscriber<T> original = handler.apply(info);
            return new HttpResponse.BodySubscriber<>() {
                @Override
                public CompletionStage<T> getBody() {
                    return original.getBody();
                }

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    original.onSubscribe(subscription);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    synchronized (copy) {
                        for (ByteBuffer buffer : item) {
                            if (copy.size() + buffer.remaining() > MAX_CHECKED_BODY) {
                                tooLarge = true;
                            } else {
                                ByteBuffer view = buffer.duplicate();
                                byte[] chunk = new byte[view.remaining()];
                                view.get(chunk);
                                copy.writeBytes(chunk);
                            }
                        }
                    }
                    original.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    original.onError(throwable);
                }

                @Override
                public void onComplete() {
                    complete = true;
                    original.onComplete();
                }
            };
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client.authenticator();
    }

    @Override
    public Version version() {
        return client.version();
    }

    @Override
    public Optional<Executor> executor() {
        return client.executor();
    }
}
