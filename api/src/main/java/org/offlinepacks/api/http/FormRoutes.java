package org.offlinepacks.api.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.offlinepacks.api.campaigns.FormFeed;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/** {@code GET /v1/forms?since=ISO-8601}: the forms of the caller's campaign changed since then. */
public final class FormRoutes implements ApiRoutes {
    private final FormFeed forms;

    public FormRoutes(FormFeed forms) {
        this.forms = forms;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/forms", (request, response) -> {
            User user = auth.authenticate(request);
            return ApiJson.respond(response, 200, forms.formsSince(user, since(request.queryParams("since"))));
        });
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "since must be an ISO-8601 time with offset, e.g. 2026-01-31T12:00:00Z, found '" + text + "'");
        }
    }
}
