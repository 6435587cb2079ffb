package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.signing.OpenSsl;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/** Signed manifests over HTTP: the key at GET /v1/keys/signing, the signature with every manifest, rotation. */
class SignedPacksTest {
    @TempDir
    Path dir;

    @Test
    void aDownloadedManifestVerifiesWithTheServedKeyAndOpenssl() throws Exception {
        try (TestService service = TestService.start(dir.resolve("data"))) {
            HttpResponse<byte[]> keyAnswer = service.get("/v1/keys/signing", TestService.FIELD_WORKER);
            assertEquals(200, keyAnswer.statusCode());
            assertTrue(
                    keyAnswer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/x-pem-file"));
            String keyId = keyAnswer.headers().firstValue("Signing-Key-Id").orElseThrow();
            PublicKey key = Ed25519.readPublicPem(new String(keyAnswer.body()));

            HttpResponse<byte[]> manifest =
                    service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
            byte[] signature = Base64.getDecoder()
                    .decode(manifest.headers().firstValue("Manifest-Signature").orElseThrow());
            assertTrue(Ed25519.verify(key, manifest.body(), signature));
            assertEquals(
                    keyId,
                    PartJson.MAPPER
                            .readValue(manifest.body(), PackManifest.class)
                            .signingKeyId());

            // the stock tool, on the files as a device or an operator stores them
            Files.write(dir.resolve("signing.pub.pem"), keyAnswer.body());
            Files.write(dir.resolve("manifest.json"), manifest.body());
            String etag = manifest.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> sigFile = service.get(
                    "/v1/packs/" + TestService.ENCAMP + "/manifest.json.sig?manifest=" + etag.replace("\"", ""),
                    TestService.FIELD_WORKER);
            assertEquals(200, sigFile.statusCode());
            assertTrue(
                    sigFile.headers().firstValue("Cache-Control").orElseThrow().contains("immutable"));
            Files.write(dir.resolve("manifest.json.sig"), sigFile.body());
            OpenSsl.Run openssl = OpenSsl.verifyManifest(
                    dir.resolve("signing.pub.pem"), dir.resolve("manifest.json"), dir.resolve("manifest.json.sig"));
            assertEquals(0, openssl.exitCode(), openssl.output());

            // "nothing new" stays small: no signature on a 304
            HttpResponse<byte[]> notModified = service.get(
                    "/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER, "If-None-Match", etag);
            assertEquals(304, notModified.statusCode());
            assertFalse(notModified.headers().firstValue("Manifest-Signature").isPresent());
            // another area's pack signature is as unreachable as its manifest
            assertEquals(
                    403,
                    service.get("/v1/packs/" + TestService.ORDINO + "/manifest.json.sig", TestService.FIELD_WORKER)
                            .statusCode());
        }
    }

    @Test
    void theSyncIndexHashesTheKeysAndARotationChangesItWhileOldPacksStillVerify() throws Exception {
        try (TestService service = TestService.start(dir.resolve("data"))) {
            HttpResponse<byte[]> sync = service.get("/v1/sync", TestService.FIELD_WORKER);
            JsonNode index = ApiJson.MAPPER.readTree(sync.body());
            HttpResponse<byte[]> keys = service.get("/v1/keys", TestService.FIELD_WORKER);
            assertEquals("/v1/keys", index.at("/keys/href").asText());
            assertEquals(
                    DownloadChannelTest.sha256(keys.body()),
                    index.at("/keys/sha256").asText());
            JsonNode document = ApiJson.MAPPER.readTree(keys.body());
            assertEquals(1, document.get("signing").size());
            String oldKeyId = document.at("/signing/0/keyId").asText();
            assertTrue(document.at("/upload/publicKeyset").asText().contains("HpkePublicKey"), document.toString());

            assertEquals(
                    403,
                    service.send("POST", "/v1/keys/signing/rotate", TestService.PLANNER, null)
                            .statusCode());
            HttpResponse<String> rotated = service.send("POST", "/v1/keys/signing/rotate", TestService.ADMIN, null);
            assertEquals(201, rotated.statusCode(), rotated.body());
            String newKeyId =
                    ApiJson.MAPPER.readTree(rotated.body()).get("keyId").asText();
            assertNotEquals(oldKeyId, newKeyId);

            HttpResponse<byte[]> after = service.get(
                    "/v1/sync",
                    TestService.FIELD_WORKER,
                    "If-None-Match",
                    sync.headers().firstValue("ETag").orElseThrow());
            assertEquals(200, after.statusCode(), "the keys changed: the index is new");
            JsonNode both = ApiJson.MAPPER.readTree(
                    service.get("/v1/keys", TestService.FIELD_WORKER).body());
            assertEquals(2, both.get("signing").size());
            assertEquals(oldKeyId, both.at("/signing/0/keyId").asText());
            assertFalse(both.at("/signing/0/current").asBoolean());
            assertTrue(both.at("/signing/1/current").asBoolean());

            // the pack built before still verifies with the old key, which stays downloadable
            HttpResponse<byte[]> manifest =
                    service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
            PublicKey oldKey = Ed25519.readPublicPem(
                    new String(service.get("/v1/keys/signing/" + oldKeyId, TestService.FIELD_WORKER)
                            .body()));
            assertTrue(Ed25519.verify(
                    oldKey,
                    manifest.body(),
                    Base64.getDecoder()
                            .decode(manifest.headers()
                                    .firstValue("Manifest-Signature")
                                    .orElseThrow())));
            // and the next build is signed with the new one
            service.builder.build(
                    org.offlinepacks.api.bundle.PackFixtures.input(TestService.ENCAMP), ProgressListener.NONE);
            HttpResponse<byte[]> rebuilt =
                    service.get("/v1/packs/" + TestService.ENCAMP + "/manifest", TestService.FIELD_WORKER);
            assertEquals(
                    newKeyId,
                    PartJson.MAPPER
                            .readValue(rebuilt.body(), PackManifest.class)
                            .signingKeyId());
            PublicKey newKey = Ed25519.readPublicPem(new String(
                    service.get("/v1/keys/signing", TestService.FIELD_WORKER).body()));
            assertTrue(Ed25519.verify(
                    newKey,
                    rebuilt.body(),
                    Base64.getDecoder()
                            .decode(rebuilt.headers()
                                    .firstValue("Manifest-Signature")
                                    .orElseThrow())));
        }
    }
}
