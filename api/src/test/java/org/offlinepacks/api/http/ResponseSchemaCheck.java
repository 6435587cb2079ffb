package org.offlinepacks.api.http;

import com.atlassian.oai.validator.interaction.response.CustomResponseValidator;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a JSON answer's body against its operation's response schema with a real JSON Schema
 * 2020-12 validator (networknt's, in the OpenAPI 3.1 dialect), through the request validator's
 * custom-validation hook: that validator's own schema check ignores {@code type} and often a
 * top-level {@code additionalProperties: false}, so a wrong-typed or undocumented field would pass.
 */
final class ResponseSchemaCheck implements CustomResponseValidator {
    static final String KEY = "validation.response.body.schema.jsonSchema";
    // the document's own name for its references; nothing is fetched from it
    private static final String DOCUMENT = "https://offline-packs.invalid/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Optional<Schema>> schemas = new ConcurrentHashMap<>();

    ResponseSchemaCheck(String yaml) {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI description is not YAML", e);
        }
        this.document = JSON.readTree(json);
        this.registry = SchemaRegistry.withDefaultDialect(
                Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT, json)));
    }

    @Override
    public ValidationReport validate(Response response, ApiOperation operation) {
        Optional<String> body = response.getResponseBody().filter(Body::hasBody).map(ResponseSchemaCheck::text);
        Optional<String> mediaType = response.getContentType().map(ResponseSchemaCheck::mediaType);
        if (body.isEmpty() || body.get().isEmpty() || mediaType.isEmpty() || !isJson(mediaType.get())) {
            return ValidationReport.empty();
        }
        String method = operation.getMethod().name().toLowerCase(Locale.ROOT);
        Optional<Schema> schema =
                schema(operation.getApiPath().original(), method, response.getStatus(), mediaType.get());
        if (schema.isEmpty()) {
            return ValidationReport.empty(); // no such status or media type: the request validator says so
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body.get());
        } catch (RuntimeException e) {
            return ValidationReport.singleton(
                    ValidationReport.Message.create(KEY, "the body is not JSON: " + e.getMessage())
                            .build());
        }
        List<Error> errors = schema.get().validate(instance);
        return ValidationReport.from(errors.stream()
                .map(error -> ValidationReport.Message.create(
                                KEY,
                                error.getInstanceLocation() + ": " + error.getMessage() + " (schema "
                                        + error.getSchemaLocation() + ")")
                        .build())
                .toList());
    }

    private Optional<Schema> schema(String path, String method, int status, String mediaType) {
        String key = path + " " + method + " " + status + " " + mediaType;
        return schemas.computeIfAbsent(key, unused -> {
            String pointer = "/paths/" + escape(path) + "/" + method + "/responses";
            JsonNode responses = document.at(pointer);
            String code = String.valueOf(status);
            for (String candidate : List.of(code, code.charAt(0) + "XX", "default")) {
                if (responses.has(candidate)) {
                    return schema(pointer + "/" + escape(candidate), mediaType);
                }
            }
            return Optional.empty();
        });
    }

    /** The schema of a response object, following its {@code $ref} to the shared responses. */
    private Optional<Schema> schema(String responsePointer, String mediaType) {
        String pointer = responsePointer;
        JsonNode reference = document.at(pointer).path("$ref");
        if (reference.isString() && reference.asString().startsWith("#")) {
            pointer = reference.asString().substring(1);
        }
        String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
        if (document.at(schemaPointer).isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + schemaPointer)));
    }

    private static String text(Body body) {
        try {
            return body.toString(StandardCharsets.UTF_8); // JSON is UTF-8 (RFC 8259)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** A JSON pointer's token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
