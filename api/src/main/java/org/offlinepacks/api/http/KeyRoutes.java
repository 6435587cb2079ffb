package org.offlinepacks.api.http;

import org.offlinepacks.api.keys.CampaignKeys;
import org.offlinepacks.api.signing.SigningKey;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.Role;
import org.offlinepacks.boundarydata.users.User;
import spark.Response;
import spark.Service;

/**
 * The campaign's public keys: {@code GET /v1/keys} (signing keys and upload key in one document,
 * hashed in the sync index), each signing key as PEM for {@code openssl pkeyutl -verify}, the
 * upload key as a Tink keyset, and an admin's rotation of the signing key.
 */
public final class KeyRoutes implements ApiRoutes {
    static final String PEM = "application/x-pem-file";
    static final String KEY_ID_HEADER = "Signing-Key-Id";

    private final CampaignKeys keys;

    public KeyRoutes(CampaignKeys keys) {
        this.keys = keys;
    }

    @Override
    public void register(Service http, Authenticator auth) {
        http.get("/v1/keys", (request, response) -> {
            User user = auth.authenticate(request);
            response.type("application/json");
            // the bytes the sync index hashes, as for the other campaign documents
            return new String(
                    CanonicalJson.bytes(keys.document(user.campaignId())), java.nio.charset.StandardCharsets.UTF_8);
        });
        http.get("/v1/keys/signing", (request, response) -> {
            User user = auth.authenticate(request);
            return pem(response, keys.currentSigningKey(user.campaignId()));
        });
        http.get("/v1/keys/signing/:keyId", (request, response) -> {
            User user = auth.authenticate(request);
            return pem(response, keys.signingKey(user.campaignId(), request.params("keyId")));
        });
        http.get("/v1/keys/upload", (request, response) -> {
            User user = auth.authenticate(request);
            response.type("application/json");
            return keys.uploadKey(user.campaignId()).publicKeyset();
        });
        http.post("/v1/keys/signing/rotate", (request, response) -> {
            User user = auth.authenticate(request);
            if (user.role() != Role.ADMIN) {
                throw new AccessDeniedException("only admins rotate the campaign's signing key");
            }
            return ApiJson.respond(response, 201, keys.rotateSigningKey(user.campaignId()));
        });
    }

    private static String pem(Response response, SigningKey key) {
        response.type(PEM);
        response.header(KEY_ID_HEADER, key.keyId());
        return key.publicKeyPem();
    }
}
