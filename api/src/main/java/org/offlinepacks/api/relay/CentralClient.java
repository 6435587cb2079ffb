package org.offlinepacks.api.relay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The central service as the relay talks to it: with the relay user's token, over plain HTTP. */
public final class CentralClient {
    private final URI base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CentralClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A GET of {@code path}; {@link IOException} when the central service cannot be reached. */
    public HttpResponse<byte[]> get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    /** A sealed file, sent as a device would have sent it. */
    public HttpResponse<byte[]> postSealed(byte[] sealed) throws IOException {
        return send(request("/v1/uploads/sealed")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sealed))
                .build());
    }

    /** An entry file, as a relayed upload of the relay's user. */
    public HttpResponse<byte[]> postEntries(byte[] file, String sha256) throws IOException {
        return send(request("/v1/uploads")
                .header("Content-Digest", org.offlinepacks.api.upload.ContentDigest.header(sha256))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
    }

    /** The bytes of a GET that must answer 200. */
    public byte[] getOk(String path) throws IOException {
        HttpResponse<byte[]> response = get(path);
        if (response.statusCode() != 200) {
            throw new IOException("the central service answered " + response.statusCode() + " to GET " + path + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
