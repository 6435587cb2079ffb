package org.offlinepacks.api.http;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import spark.Response;

/**
 * JSON bodies of the API: ISO-8601 times, UTF-8. The fields are what the answer's record declares:
 * a derived {@code isX()} helper (a job's {@code isDone}, an issue's {@code isError}) is for Java
 * callers and never becomes a field the OpenAPI description would have to carry.
 */
public final class ApiJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();

    private ApiJson() {}

    /** Sets status and content type and returns the body for Spark to write. */
    public static String respond(Response response, int status, Object body) {
        response.status(status);
        response.type("application/json; charset=utf-8");
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
