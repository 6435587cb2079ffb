package org.offlinepacks.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a device's sync code does on a link that drops: downloads resume with {@code Range} (and
 * {@code If-Range} once it knows the entity tag) from where the last attempt ended, over HTTP/1.1.
 */
final class Phone {
    /** A finished download: the bytes, the entity tag and encoding they came with, the attempts it took. */
    record Download(byte[] body, String etag, String contentEncoding, int attempts) {}

    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Phone(String base, String token) {
        this.base = URI.create(base);
        this.token = token;
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return client.send(
                request(path, headers)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Downloads {@code path} whole, resuming after every cut; {@code afterCut} runs after the first. */
    Download download(String path, boolean acceptGzip, Runnable afterFirstCut) throws InterruptedException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String etag = null;
        String encoding = null;
        long total = -1;
        for (int attempt = 1; attempt <= 500; attempt++) {
            List<String> headers = new ArrayList<>();
            if (acceptGzip) {
                headers.addAll(List.of("Accept-Encoding", "gzip"));
            }
            if (received.size() > 0) {
                headers.addAll(List.of("Range", "bytes=" + received.size() + "-", "If-Range", etag));
            }
            try {
                HttpResponse<InputStream> response = client.send(
                        request(path, headers.toArray(String[]::new)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    received.reset();
                    total = Long.parseLong(
                            response.headers().firstValue("Content-Length").orElseThrow());
                } else if (response.statusCode() == 206) {
                    String range =
                            response.headers().firstValue("Content-Range").orElseThrow();
                    total = Long.parseLong(range.substring(range.indexOf('/') + 1));
                } else {
                    throw new IllegalStateException(path + " answered " + response.statusCode());
                }
                etag = response.headers().firstValue("ETag").orElseThrow();
                encoding = response.headers().firstValue("Content-Encoding").orElse(null);
                try (InputStream in = response.body()) {
                    in.transferTo(received);
                }
                if (received.size() == total) {
                    return new Download(received.toByteArray(), etag, encoding, attempt);
                }
            } catch (IOException cut) {
                if (attempt == 1 && afterFirstCut != null) {
                    afterFirstCut.run();
                }
            }
        }
        throw new IllegalStateException(path + " did not arrive in 500 attempts");
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }
}
