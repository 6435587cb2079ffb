package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import spark.Service;

/**
 * {@code GET /v1/openapi.json}, unauthenticated: the OpenAPI 3.1 description of the API, kept in
 * the repository as {@code openapi/openapi.yaml} and served as JSON. The end-to-end tests check
 * every request and answer they make against the same file.
 */
public final class OpenApiRoutes implements ApiRoutes {
    /** Where the description is on the class path. */
    public static final String RESOURCE = "/openapi/openapi.yaml";

    private final String json;

    public OpenApiRoutes() {
        this.json = ApiJson.MAPPER.valueToTree(document()).toString();
    }

    /** The description as a JSON tree. */
    public static JsonNode document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI description " + RESOURCE + " is missing from the jar");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI description " + RESOURCE, e);
        }
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/openapi.json", (request, response) -> {
            response.type("application/json; charset=utf-8");
            response.header("Cache-Control", "no-cache");
            return json;
        });
    }
}
