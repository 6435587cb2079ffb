package org.offlinepacks.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.planning.ConfirmationRequiredException;
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

    public static void handle(Exception e, Request request, Response response) {
        response.body(ApiJson.respond(response, status(e), body(e, request)));
        if (e instanceof UnauthenticatedException) {
            response.header("WWW-Authenticate", "Bearer realm=\"offline-packs\"");
        }
    }

    static int status(Exception e) {
        if (e instanceof UnauthenticatedException) {
            return 401;
        } else if (e instanceof AccessDeniedException) {
            return 403;
        } else if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof InvalidInputException || e instanceof ConfirmationRequiredException) {
            return 422;
        } else if (e instanceof IllegalArgumentException) {
            return 400;
        }
        return 500;
    }

    private static ErrorBody body(Exception e, Request request) {
        return switch (status(e)) {
            case 401 -> new ErrorBody("unauthorized", e.getMessage());
            case 403 -> new ErrorBody("forbidden", e.getMessage());
            case 404 -> new ErrorBody("not-found", e.getMessage());
            case 422 -> {
                if (e instanceof ConfirmationRequiredException unconfirmed) {
                    yield new ErrorBody(
                            "confirmation-required",
                            "the change looks like a mistake (" + String.join(", ", unconfirmed.unconfirmed())
                                    + "); if it is meant, send it again with ?confirm="
                                    + String.join(",", unconfirmed.unconfirmed()),
                            unconfirmed.report().issues());
                }
                InvalidInputException invalid = (InvalidInputException) e;
                yield new ErrorBody(
                        "invalid-input",
                        invalid.subject() + " is invalid: "
                                + invalid.report().errors().size() + " error(s)",
                        invalid.report().issues());
            }
            case 400 -> new ErrorBody("bad-request", e.getMessage());
            default -> {
                LOG.error("{} {} failed", request.requestMethod(), request.pathInfo(), e);
                yield new ErrorBody("internal", "the service failed; the log has the details");
            }
        };
    }
}
