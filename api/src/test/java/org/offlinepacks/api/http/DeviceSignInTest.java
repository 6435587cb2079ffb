package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.accounts.DeviceTerms;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.boundarydata.users.TokenHash;

/**
 * Device accounts over HTTP as a device and an admin use them: a password set by an admin, a
 * sign-in that enrols the device's key and answers a token, the campaign's keys and a refresh token;
 * wrong passwords rate-limited; a revoked device refused at its next request; an expired token
 * refused with a reason the device acts on (refresh), while the users' own tokens keep working.
 */
class DeviceSignInTest {
    private static final String PASSWORD = "bednets for Encamp";
    private static final Duration TOKEN = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void aDeviceSignsInSyncsIsRevokedAndAnExpiredTokenIsRefreshed() throws Exception {
        DeviceTerms terms = new DeviceTerms(TOKEN, Duration.ofDays(1), Duration.ofMinutes(15), 3, 30);
        try (TestService service = TestService.start(dir.resolve("data"), config -> config.withDeviceTerms(terms))) {
            assertEquals(
                    403, setPassword(service, TestService.FIELD_WORKER, "fw").statusCode());
            assertEquals(204, setPassword(service, TestService.ADMIN, "fw").statusCode());
            assertEquals(204, setPassword(service, TestService.ADMIN, "sup").statusCode());

            String phoneKey = Ed25519.publicPem(Ed25519.generate().getPublic());
            HttpResponse<String> signedIn = signIn(service, "fw", PASSWORD, "phone", phoneKey);
            assertEquals(201, signedIn.statusCode(), signedIn.body());
            JsonNode phone = ApiJson.MAPPER.readTree(signedIn.body());
            String phoneToken = phone.at("/session/token").asText();
            assertEquals(200, service.get("/v1/sync", phoneToken).statusCode());
            assertEquals(
                    ApiJson.MAPPER
                            .readTree(service.get("/v1/keys", TestService.FIELD_WORKER)
                                    .body())
                            .at("/signing/0/keyId"),
                    phone.at("/keys/signing/0/keyId"),
                    "the device learns the signing key at enrolment");
            assertTrue(phone.at("/keys/upload/publicKeyset").asText().contains("HpkePublicKey"));

            // the users' own tokens (the demo users' among them) keep working
            assertEquals(200, service.get("/v1/sync", TestService.FIELD_WORKER).statusCode());

            // a second device, revoked by the admin: refused at its next request, the first goes on
            HttpResponse<String> tabletAnswer = signIn(
                    service,
                    "fw",
                    PASSWORD,
                    "tablet",
                    Ed25519.publicPem(Ed25519.generate().getPublic()));
            JsonNode tablet = ApiJson.MAPPER.readTree(tabletAnswer.body());
            String tabletToken = tablet.at("/session/token").asText();
            assertEquals(200, service.get("/v1/sync", tabletToken).statusCode());
            JsonNode devices = ApiJson.MAPPER.readTree(
                    service.get("/v1/users/fw/devices", TestService.ADMIN).body());
            assertEquals(2, devices.size());
            assertEquals(phoneKey, devices.at("/0/publicKeyPem").asText());
            assertTrue(devices.at("/0/token").isMissingNode(), "tokens are never listed");
            assertEquals(
                    403,
                    service.get("/v1/users/fw/devices", TestService.FIELD_WORKER)
                            .statusCode());
            String tabletId = tablet.at("/session/deviceId").asText();
            HttpResponse<String> revoked =
                    service.send("POST", "/v1/users/fw/devices/" + tabletId + "/revoke", TestService.ADMIN, null);
            assertEquals(200, revoked.statusCode(), revoked.body());
            HttpResponse<byte[]> refused = service.get("/v1/sync", tabletToken);
            assertEquals(401, refused.statusCode());
            assertEquals("device-revoked", error(refused.body()));
            assertEquals(200, service.get("/v1/sync", phoneToken).statusCode());

            // wrong passwords: three per account, then the account is locked for the window
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> wrong = signIn(service, "sup", "not the password", "phone", phoneKey);
                assertEquals(401, wrong.statusCode(), wrong.body());
                assertEquals("wrong-password", error(wrong.body().getBytes()));
            }
            HttpResponse<String> locked = signIn(service, "sup", PASSWORD, "phone", phoneKey);
            assertEquals(429, locked.statusCode(), locked.body());
            assertEquals("too-many-sign-ins", error(locked.body().getBytes()));
            long retryAfter =
                    Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 800 && retryAfter <= 900, "about 15 minutes: " + retryAfter);

            // the phone's token expires: 401 with the reason, then a refresh gets a new one
            Instant expires = Instant.parse(phone.at("/session/tokenExpiresAt").asText());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 500);
            HttpResponse<byte[]> expired = service.get("/v1/sync", phoneToken);
            assertEquals(401, expired.statusCode());
            assertEquals("token-expired", error(expired.body()));
            assertTrue(
                    expired.headers()
                            .firstValue("WWW-Authenticate")
                            .orElseThrow()
                            .contains("error=\"invalid_token\""),
                    expired.headers().toString());
            HttpResponse<String> refreshed = service.send(
                    "POST",
                    "/v1/auth/refresh",
                    null,
                    "{\"refreshToken\":\"" + phone.at("/session/refreshToken").asText() + "\"}");
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            String newToken =
                    ApiJson.MAPPER.readTree(refreshed.body()).get("token").asText();
            assertEquals(200, service.get("/v1/sync", newToken).statusCode());
        }
    }

    @Test
    void aRelayMirrorsTheHashesOfDeviceTokensNeverTheTokensAndTheUploadKeyIsTheEnrolments() throws Exception {
        try (TestService service = TestService.start(dir.resolve("data"))) {
            assertEquals(204, setPassword(service, TestService.ADMIN, "fw").statusCode());
            HttpResponse<String> signedIn = signIn(
                    service,
                    "fw",
                    PASSWORD,
                    "phone",
                    Ed25519.publicPem(Ed25519.generate().getPublic()));
            assertEquals(201, signedIn.statusCode(), signedIn.body());
            JsonNode phone = ApiJson.MAPPER.readTree(signedIn.body());
            String phoneToken = phone.at("/session/token").asText();

            HttpResponse<byte[]> feed = service.get("/v1/relay/tokens", TestService.ADMIN);
            assertEquals(200, feed.statusCode());
            String body = new String(feed.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(!body.contains(phoneToken), "a relay gets token hashes, never tokens");
            JsonNode device = null;
            for (JsonNode token : ApiJson.MAPPER.readTree(body)) {
                if (token.get("tokenSha256").asText().equals(TokenHash.of(phoneToken))) {
                    device = token;
                }
            }
            assertTrue(device != null, "the phone's token hash is mirrored: " + body);
            assertEquals("fw", device.get("userId").asText());
            assertEquals(
                    Instant.parse(phone.at("/session/tokenExpiresAt").asText()).toEpochMilli(),
                    device.get("expiresAt").asLong(),
                    "a relay stops accepting the device token when the service does");
            assertEquals(
                    403,
                    service.get("/v1/relay/tokens", TestService.FIELD_WORKER).statusCode());

            HttpResponse<byte[]> uploadKey = service.get("/v1/keys/upload", phoneToken);
            assertEquals(200, uploadKey.statusCode());
            assertEquals(
                    ApiJson.MAPPER.readTree(
                            phone.at("/keys/upload/publicKeyset").asText()),
                    ApiJson.MAPPER.readTree(uploadKey.body()),
                    "the upload key a device seals to is the one it got at enrolment");
        }
    }

    private static HttpResponse<String> setPassword(TestService service, String token, String userId) throws Exception {
        return service.send("PUT", "/v1/users/" + userId + "/password", token, "{\"password\":\"" + PASSWORD + "\"}");
    }

    private static HttpResponse<String> signIn(
            TestService service, String userId, String password, String deviceName, String publicKeyPem)
            throws Exception {
        String body = ApiJson.MAPPER.writeValueAsString(java.util.Map.of(
                "userId", userId, "password", password, "deviceName", deviceName, "devicePublicKey", publicKeyPem));
        return service.send("POST", "/v1/auth/sign-in", null, body);
    }

    private static String error(byte[] body) throws Exception {
        return ApiJson.MAPPER.readTree(body).get("error").asText();
    }
}
