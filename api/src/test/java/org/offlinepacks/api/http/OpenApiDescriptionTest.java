package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.metrics.MetricsAccess;

/** The OpenAPI description: valid, complete for the routes the service registers, and served. */
class OpenApiDescriptionTest {
    @TempDir
    Path dataDir;

    static String yaml() throws IOException {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static OpenAPI parsed() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml(), null, options);
        assertEquals(List.of(), result.getMessages(), "the stock parser's findings");
        return result.getOpenAPI();
    }

    @Test
    void theDescriptionIsValidOpenApi31() throws IOException {
        OpenAPI api = parsed();
        assertEquals("3.1.0", api.getOpenapi());
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            assertTrue(
                    operation.getTags() != null && operation.getTags().size() == 1,
                    method + " " + path + " has one tag, its route group");
            assertTrue(operation.getResponses() != null
                    && !operation.getResponses().isEmpty());
            assertTrue(
                    operation.getResponses().get("default") == null,
                    method + " " + path + " lists its statuses; a default would let any status through");
        }));
    }

    @Test
    void everyRouteTheServiceRegistersIsDescribed() throws IOException {
        OpenAPI api = parsed();
        try (TestService service = TestService.start(
                dataDir, config -> config.withMetrics(MetricsAccess.withToken("token-of-the-operators")))) {
            List<String> missing = new ArrayList<>();
            for (String route : service.application.routes()) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1);
                if (!described(api, method, path)) {
                    missing.add(route);
                }
            }
            assertEquals(
                    List.of(),
                    missing,
                    "routes registered in ApiApplication that api/src/main/resources" + OpenApiRoutes.RESOURCE
                            + " lacks (add each under the tag of its route group)");
        }
    }

    /** {@code /v1/packs/:boundaryId/manifest} is {@code /v1/packs/{boundaryId}/manifest}; {@code *} is one more segment. */
    private static boolean described(OpenAPI api, String method, String sparkPath) {
        String[] segments = sparkPath.split("/");
        for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
            String[] documented = entry.getKey().split("/");
            if (documented.length != segments.length) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < segments.length && same; i++) {
                String segment = segments[i];
                String other = documented[i];
                boolean parameter = other.startsWith("{") && other.endsWith("}");
                same = segment.equals("*")
                        ? parameter
                        : segment.startsWith(":")
                                ? other.equals("{" + segment.substring(1) + "}")
                                : segment.equals(other);
            }
            if (same) {
                return entry.getValue().readOperationsMap().keySet().stream()
                        .anyMatch(m -> m.name().equals(method.toUpperCase(Locale.ROOT)));
            }
        }
        return false;
    }

    @Test
    void theDescriptionIsServedAsJson() throws Exception {
        try (TestService service = TestService.start(dataDir)) {
            HttpResponse<byte[]> answer = service.get("/v1/openapi.json", null);
            assertEquals(200, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            JsonNode served = ApiJson.MAPPER.readTree(answer.body());
            assertEquals(OpenApiRoutes.document(), served);
            assertEquals("3.1.0", served.get("openapi").asText());
        }
    }
}
