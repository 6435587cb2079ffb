package org.offlinepacks.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.RuleViolationException;
import org.offlinepacks.api.accounts.AuthenticationException;
import org.offlinepacks.api.accounts.SignInLaterException;
import org.offlinepacks.api.http.transfer.Answer;
import org.offlinepacks.api.http.transfer.BodyTooLargeException;
import org.offlinepacks.api.http.transfer.MethodNotAllowedException;
import org.offlinepacks.api.planning.ConfirmationRequiredException;
import org.offlinepacks.api.sealing.SealedFileException;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import org.offlinepacks.boundarydata.validation.ValidationIssue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;

/** The one place where exceptions become HTTP statuses and {@code {error, message}} bodies. */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** The body of every error answer; {@code issues} only for invalid input. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, String message, List<ValidationIssue> issues) {
        public ErrorBody(String error, String message) {
            this(error, message, null);
        }
    }

    private ErrorMapper() {}

    /** Spark's exception handler. */
    public static void handle(Exception e, Request request, Response response) {
        Answer answer = answer(e, request.requestMethod() + " " + request.pathInfo());
        answer.headers().forEach(response::header);
        response.body(ApiJson.respond(response, answer.status(), answer.body()));
    }

    /** The answer to a request that failed with {@code e}; {@code request} names it in the log. */
    public static Answer answer(Throwable e, String request) {
        if (e instanceof UnauthenticatedException) {
            return new Answer(
                    401,
                    new ErrorBody("unauthorized", e.getMessage()),
                    Map.of("WWW-Authenticate", "Bearer realm=\"offline-packs\""));
        } else if (e instanceof AuthenticationException refused) {
            // RFC 6750: a token that was valid once is an invalid_token; the error code says what to do
            String challenge = refused.reason() == AuthenticationException.Reason.TOKEN_EXPIRED
                            || refused.reason() == AuthenticationException.Reason.DEVICE_REVOKED
                    ? "Bearer realm=\"offline-packs\", error=\"invalid_token\", error_description=\""
                            + refused.reason().code() + "\""
                    : "Bearer realm=\"offline-packs\"";
            return new Answer(
                    401, new ErrorBody(refused.reason().code(), e.getMessage()), Map.of("WWW-Authenticate", challenge));
        } else if (e instanceof SignInLaterException later) {
            return new Answer(
                    later.reason().status(),
                    new ErrorBody(later.reason().code(), e.getMessage()),
                    Map.of(
                            "Retry-After",
                            Long.toString(Math.max(1, later.retryAfter().toSeconds()))));
        } else if (e instanceof SealedFileException refused) {
            return new Answer(
                    refused.reason() == SealedFileException.Reason.REPLAYED ? 409 : 422,
                    new ErrorBody(refused.reason().code(), e.getMessage()));
        } else if (e instanceof AccessDeniedException) {
            return new Answer(403, new ErrorBody("forbidden", e.getMessage()));
        } else if (e instanceof NotFoundException) {
            return new Answer(404, new ErrorBody("not-found", e.getMessage()));
        } else if (e instanceof MethodNotAllowedException notAllowed) {
            return new Answer(
                    405,
                    new ErrorBody("method-not-allowed", e.getMessage()),
                    Map.of("Allow", notAllowed.allowHeader()));
        } else if (e instanceof TusVersionException) {
            return new Answer(
                    412,
                    new ErrorBody("tus-version-not-supported", e.getMessage()),
                    Map.of("Tus-Version", TusEndpoints.VERSION));
        } else if (e instanceof UnsupportedContentTypeException) {
            return new Answer(415, new ErrorBody("unsupported-media-type", e.getMessage()));
        } else if (e instanceof BodyTooLargeException) {
            return new Answer(413, new ErrorBody("body-too-large", e.getMessage()));
        } else if (e instanceof RuleViolationException refused) {
            int status =
                    switch (refused.kind()) {
                        case CONFLICT -> 409;
                        case TOO_LARGE -> 413;
                        case MISMATCH -> 422;
                    };
            return new Answer(status, new ErrorBody(refused.code(), e.getMessage()));
        } else if (e instanceof UploadException upload) {
            return new Answer(
                    status(upload.reason()), new ErrorBody(upload.reason().code(), e.getMessage()));
        } else if (e instanceof ConfirmationRequiredException unconfirmed) {
            return new Answer(
                    422,
                    new ErrorBody(
                            "confirmation-required",
                            "the change looks like a mistake (" + String.join(", ", unconfirmed.unconfirmed())
                                    + "); if it is meant, send it again with ?confirm="
                                    + String.join(",", unconfirmed.unconfirmed()),
                            unconfirmed.report().issues()));
        } else if (e instanceof InvalidInputException invalid) {
            return new Answer(
                    422,
                    new ErrorBody(
                            "invalid-input",
                            invalid.subject() + " is invalid: "
                                    + invalid.report().errors().size() + " error(s)",
                            invalid.report().issues()));
        } else if (e instanceof IllegalArgumentException) {
            return new Answer(400, new ErrorBody("bad-request", e.getMessage()));
        }
        LOG.error("{} failed", request, e);
        return new Answer(500, new ErrorBody("internal", "the service failed; the log has the details"));
    }

    static int status(UploadException.Reason reason) {
        return switch (reason) {
            case CHECKSUM_MISMATCH -> 422;
            case CHUNK_CHECKSUM_MISMATCH -> 460; // tus checksum extension
            case FILE_TOO_LARGE, DECOMPRESSED_TOO_LARGE, TOO_MANY_ENTRIES, PAST_ANNOUNCED_LENGTH -> 413;
            case UNKNOWN_FILE -> 404;
            case OFFSET_MISMATCH, INCOMPLETE_FILE -> 409;
            case MISSING_CHECKSUM, MALFORMED_CHECKSUM, CORRUPT_GZIP, BAD_REQUEST -> 400;
        };
    }
}
