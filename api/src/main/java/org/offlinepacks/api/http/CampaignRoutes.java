package org.offlinepacks.api.http;

import java.util.List;
import org.offlinepacks.api.planning.CampaignEditor;
import org.offlinepacks.api.planning.UserEditor;
import org.offlinepacks.boundarydata.users.User;
import spark.Service;

/**
 * Planners' and admins' changes beyond boundary geometry: forms, localizations, SOS contacts,
 * assigned points, users. Each answers what changed and the rebuilds it queued (202), or 422 with
 * the validation report.
 */
public final class CampaignRoutes implements ApiRoutes {
    static final long MAX_FORM_BYTES = 1L << 20;
    static final long MAX_LOCALIZATION_BYTES = 1L << 20;
    static final long MAX_POINTS_BYTES = 16L << 20;

    private final CampaignEditor campaign;
    private static final int DEFAULT_PAGE = 200;

    private final UserEditor users;

    public CampaignRoutes(CampaignEditor campaign, UserEditor users) {
        this.campaign = campaign;
        this.users = users;
    }

    @Override
    public List<BodyLimit> bodyLimits() {
        return List.of(
                new BodyLimit("PUT", "/v1/forms/:formId", MAX_FORM_BYTES),
                new BodyLimit("PUT", "/v1/i18n/:locale", MAX_LOCALIZATION_BYTES),
                new BodyLimit("PUT", "/v1/boundaries/:boundaryId/points", MAX_POINTS_BYTES));
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.put(
                "/v1/forms/:formId",
                (request, response) -> changed(
                        response,
                        campaign.putForm(auth.authenticate(request), request.params("formId"), request.bodyAsBytes())));
        http.put(
                "/v1/i18n/:locale",
                (request, response) -> changed(
                        response,
                        campaign.putLocalization(
                                auth.authenticate(request), request.params("locale"), request.bodyAsBytes())));
        http.put(
                "/v1/sos",
                (request, response) ->
                        changed(response, campaign.putSos(auth.authenticate(request), request.bodyAsBytes())));
        http.put(
                "/v1/boundaries/:boundaryId/points",
                (request, response) -> changed(
                        response,
                        campaign.putPoints(
                                auth.authenticate(request), request.params("boundaryId"), request.bodyAsBytes())));
        http.get("/v1/users", (request, response) -> {
            User admin = auth.authenticate(request);
            return ApiJson.respond(
                    response,
                    200,
                    users.users(admin, request.queryParams("after"), pageSize(request.queryParams("limit"))));
        });
        http.get("/v1/users/:userId", (request, response) -> {
            User admin = auth.authenticate(request);
            return ApiJson.respond(response, 200, users.user(admin, request.params("userId")));
        });
        http.put("/v1/users/:userId", (request, response) -> {
            User admin = auth.authenticate(request);
            return ApiJson.respond(
                    response, 200, users.putUser(admin, request.params("userId"), request.bodyAsBytes()));
        });
    }

    private static int pageSize(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_PAGE;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "limit must be a whole number from 1 to " + UserEditor.MAX_PAGE + ", found '" + text + "'");
        }
    }

    private static String changed(spark.Response response, CampaignEditor.Change change) {
        return ApiJson.respond(response, change.rebuilds().isEmpty() ? 200 : 202, change);
    }
}
