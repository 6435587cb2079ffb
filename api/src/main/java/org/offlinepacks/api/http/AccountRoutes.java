package org.offlinepacks.api.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.function.Consumer;
import org.offlinepacks.api.accounts.DeviceAccounts;
import org.offlinepacks.api.accounts.DeviceSession;
import org.offlinepacks.api.keys.CampaignKeys;
import org.offlinepacks.boundarydata.users.User;
import spark.Request;
import spark.Service;

/**
 * Device accounts: signing in on a device with a password ({@code POST /v1/auth/sign-in}, which
 * enrols the device's own Ed25519 key and answers its token, refresh token and the campaign's
 * public keys), refreshing the token, and admins setting passwords and listing and revoking devices.
 */
public final class AccountRoutes implements ApiRoutes {
    /** {@code POST /v1/auth/sign-in}. */
    record SignIn(String userId, String password, String deviceName, String devicePublicKey) {}

    /** {@code POST /v1/auth/refresh}. */
    record Refresh(String refreshToken) {}

    /** {@code PUT /v1/users/:userId/password}. */
    record Password(String password) {}

    /** The sign-in answer: the session and what the device must trust from now on. */
    record Enrolment(DeviceSession session, CampaignKeys.Document keys) {}

    private static final ObjectReader STRICT =
            ApiJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DeviceAccounts accounts;
    private final CampaignKeys keys;
    private final Consumer<String> revoked;

    /** @param revoked told the id of each device an admin revokes, so that it is refused at once */
    public AccountRoutes(DeviceAccounts accounts, CampaignKeys keys, Consumer<String> revoked) {
        this.accounts = accounts;
        this.keys = keys;
        this.revoked = revoked;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.post("/v1/auth/sign-in", (request, response) -> {
            SignIn body = body(request, SignIn.class);
            DeviceSession session = accounts.signIn(
                    body.userId(), body.password(), body.deviceName(), body.devicePublicKey(), request.ip());
            User user = auth.authenticate("Bearer " + session.token());
            return ApiJson.respond(response, 201, new Enrolment(session, keys.document(user.campaignId())));
        });
        http.post("/v1/auth/refresh", (request, response) -> {
            Refresh body = body(request, Refresh.class);
            return ApiJson.respond(response, 200, accounts.refresh(body.refreshToken()));
        });
        http.put("/v1/users/:userId/password", (request, response) -> {
            User admin = auth.authenticate(request);
            accounts.setPassword(
                    admin,
                    request.params("userId"),
                    body(request, Password.class).password());
            response.status(204);
            return "";
        });
        http.get("/v1/users/:userId/devices", (request, response) -> {
            User admin = auth.authenticate(request);
            return ApiJson.respond(response, 200, accounts.devices(admin, request.params("userId")));
        });
        http.post("/v1/users/:userId/devices/:deviceId/revoke", (request, response) -> {
            User admin = auth.authenticate(request);
            String deviceId = request.params("deviceId");
            var device = accounts.revoke(admin, request.params("userId"), deviceId);
            revoked.accept(deviceId);
            return ApiJson.respond(response, 200, device);
        });
    }

    private static <T> T body(Request request, Class<T> type) {
        try {
            return STRICT.readValue(request.bodyAsBytes(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the body is not the JSON of " + request.pathInfo() + ": "
                            + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
    }
}
