package org.offlinepacks.api.http;

/**
 * The most bytes of request body a Spark route takes; more is refused with 413 before the route
 * runs. Routes without one take {@link ApiServer#DEFAULT_BODY_LIMIT}.
 *
 * @param path the route's path as registered, e.g. {@code /v1/boundaries/:boundaryId}
 */
public record BodyLimit(String method, String path, long maxBytes) {}
