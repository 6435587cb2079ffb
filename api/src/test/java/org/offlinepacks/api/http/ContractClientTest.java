package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * The contract check on canned exchanges: answers the service could give, right and wrong, checked
 * against the OpenAPI description as every end-to-end test's exchanges are.
 */
class ContractClientTest {
    private static final String READY = "{\"status\": \"ok\", \"live\": true, \"ready\": true, \"checks\": {}}";

    @Test
    void aDocumentedAnswerPasses() {
        assertDoesNotThrow(() -> check("/v1/health", 200, READY));
    }

    @Test
    void aFieldOfTheWrongTypeFails() {
        AssertionError error = assertThrows(
                AssertionError.class,
                () -> check("/v1/health", 200, READY.replace("\"live\": true", "\"live\": \"yes\"")));
        assertTrue(error.getMessage().contains("/live"), error.getMessage());
        assertTrue(error.getMessage().contains("string found, boolean expected"), error.getMessage());
    }

    @Test
    void anUndocumentedTopLevelFieldFails() {
        AssertionError error = assertThrows(
                AssertionError.class, () -> check("/v1/health", 200, READY.replaceFirst("\\{", "{\"uptime\": 12, ")));
        assertTrue(error.getMessage().contains("property 'uptime' is not defined"), error.getMessage());
    }

    @Test
    void aWrongTypeInsideAnArrayOfAReferencedSchemaFails() {
        String job = "{\"id\": \"j1\", \"boundaryId\": \"encamp\", \"boundaryVersion\": null, \"state\": \"QUEUED\","
                + " \"requests\": 1, \"attempts\": 0, \"warnings\": [],"
                + " \"progress\": [{\"step\": \"tiles\", \"total\": -1, \"done\": \"3\", \"finished\": false}]}";
        AssertionError error = assertThrows(AssertionError.class, () -> check("/v1/jobs/j1", 200, job));
        assertTrue(error.getMessage().contains("/progress/0/done"), error.getMessage());
    }

    @Test
    void anErrorAnswerIsCheckedToo() {
        assertThrows(
                AssertionError.class,
                () -> check("/v1/jobs/j1", 404, "{\"error\": 404, \"message\": \"no job j1\", \"issues\": []}"));
    }

    private static void check(String path, int status, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1" + path))
                .header("Authorization", "Bearer token")
                .GET()
                .build();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ContractClient.check(request, null, new CannedResponse(request, status, body.length), body);
    }

    /** An answer as the JDK client hands it over, with its headers; the body is passed beside it. */
    private record CannedResponse(HttpRequest request, int statusCode, int length) implements HttpResponse<Void> {
        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(
                    Map.of(
                            "Content-Type", List.of("application/json;charset=utf-8"),
                            "Content-Length", List.of(String.valueOf(length))),
                    (name, value) -> true);
        }

        @Override
        public Optional<HttpResponse<Void>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Void body() {
            return null;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
