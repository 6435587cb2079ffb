package org.offlinepacks.api.http;

import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a device's sync code does on a link that drops: downloads resume with {@code Range} (and
 * {@code If-Range} once it knows the entity tag) from where the last attempt ended, over HTTP/1.1.
 */
public final class Phone {
    /** A finished download: the bytes, the entity tag and encoding they came with, the attempts it took. */
    public record Download(byte[] body, String etag, String contentEncoding, int attempts) {}

    private final URI base;
    private final String token;
    private final HttpClient client = ContractClient.of(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)));

    public Phone(String base, String token) {
        this.base = URI.create(base);
        this.token = token;
    }

    public HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers)
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
    public Download download(String path, boolean acceptGzip, Runnable afterFirstCut) throws InterruptedException {
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

    /**
     * Uploads a file with tus-java-client as a device app uses it: resume or create, send (the
     * client's default: the whole file in one PATCH, as far as the link lets it), and again after
     * a cut. Returns the upload's URL.
     */
    public String tusUpload(Path file) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(base.resolve("/v1/files").toURL());
        client.enableResuming(new TusURLMemoryStore());
        client.setHeaders(Map.of("Authorization", "Bearer " + token));
        TusUpload upload = new TusUpload(file.toFile());
        upload.setMetadata(Map.of("filename", file.getFileName().toString()));
        for (int attempt = 0; attempt < 500; attempt++) {
            try {
                TusUploader uploader = client.resumeOrCreateUpload(upload);
                while (uploader.uploadChunk() > -1) {
                    // until the file is sent or the link drops
                }
                uploader.finish();
                return uploader.getUploadURL().toString();
            } catch (IOException cut) {
                // the link dropped: resume from the offset the service has
            }
        }
        throw new IllegalStateException("the upload of " + file + " did not finish in 500 attempts");
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
