package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.offlinepacks.api.registration.RegistrationIds;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.boundarydata.users.UserStore;
import spark.Service;

/**
 * Registration-ID batches: a device asks for the next batch when its sync index says it holds fewer
 * than the campaign's threshold ({@code POST /v1/registration-ids/batches} with a request id of its
 * own, sent again unchanged when the answer is lost); planners see per user what was dispatched,
 * used and is left.
 */
public final class RegistrationIdRoutes implements ApiRoutes {
    /** A batch request is a request id. */
    static final long MAX_BATCH_REQUEST_BYTES = 1024;

    private final RegistrationIds ids;
    private final UserStore users;

    public RegistrationIdRoutes(RegistrationIds ids, UserStore users) {
        this.ids = ids;
        this.users = users;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(new BodyLimit("POST", RegistrationIds.BATCHES_HREF, MAX_BATCH_REQUEST_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post(RegistrationIds.BATCHES_HREF, (request, response) -> {
            User user = auth.authenticate(request);
            RegistrationIds.Batch batch = ids.batch(user, requestId(request.body()));
            return ApiJson.respond(response, batch.reservedNow() ? 201 : 200, batch);
        });
        http.get("/v1/registration-ids/users", (request, response) -> {
            User planner = auth.authenticate(request);
            return ApiJson.respond(
                    response, 200, Map.of("users", ids.byUser(planner, users.accounts(planner.campaignId()))));
        });
    }

    private static String requestId(String body) {
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            if (json != null && json.path("requestId").isTextual()) {
                return json.get("requestId").asText();
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "send {\"requestId\": \"<a UUID made on the device>\"}; the same id again answers the same batch");
    }
}
