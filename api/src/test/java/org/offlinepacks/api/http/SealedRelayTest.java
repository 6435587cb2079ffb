package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.sealing.SealedEntries;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.Sql;

/**
 * A sealed relay file from a simulated device, carried by a supervisor: ingested once as the device
 * user's entries with the supervisor as relayer; a flipped byte, a cut, a file sealed again with
 * another key, a replay and a revoked device's file are each refused with their reason and store
 * nothing.
 */
class SealedRelayTest {
    private static final String PASSWORD = "bednets for Encamp";

    @TempDir
    Path dir;

    @Test
    void aSupervisorRelaysADevicesSealedEntriesExactlyOnceAndNothingElseGetsIn() throws Exception {
        try (TestService service = TestService.start(dir.resolve("data"))) {
            assertEquals(
                    204,
                    service.send(
                                    "PUT",
                                    "/v1/users/fw/password",
                                    TestService.ADMIN,
                                    "{\"password\":\"" + PASSWORD + "\"}")
                            .statusCode());
            Phone phone = Phone.signIn(service);
            Phone revokedPhone = Phone.signIn(service);

            byte[] entries = UploadFixtures.ndjson(List.of(
                    UploadFixtures.household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 4),
                    UploadFixtures.household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 2)));
            byte[] sealed = phone.seal(entries, phone.keys);

            // whoever carries it sees no entry in it
            assertTrue(indexOf(sealed, "household-registration".getBytes()) < 0, "the entries are encrypted");

            // refused files first: each with its reason, and nothing stored
            byte[] flipped = sealed.clone();
            flipped[flipped.length / 2] ^= 1;
            assertRefused(service, flipped, 422, "cannot-decrypt");
            assertRefused(service, Arrays.copyOf(sealed, sealed.length - 20), 422, "cannot-decrypt");
            // a thief's key, claiming the phone's device id: the enrolled key does not verify it
            byte[] resealed = phone.seal(entries, Ed25519.generate());
            assertRefused(service, resealed, 422, "bad-signature");
            assertRefused(service, "a plain entry file".getBytes(), 422, "not-sealed");
            byte[] unknownDevice =
                    new Phone("no-such-device", phone.keys, phone.uploadKeyset).seal(entries, phone.keys);
            assertRefused(service, unknownDevice, 422, "unknown-device");
            assertEquals(0, storedEntries(service));

            // the real file: the device user's entries, relayed by the supervisor
            HttpResponse<String> relayed = upload(service, sealed);
            assertEquals(200, relayed.statusCode(), relayed.body());
            JsonNode answer = ApiJson.MAPPER.readTree(relayed.body());
            assertEquals("fw", answer.get("createdBy").asText());
            assertEquals("sup", answer.get("relayedBy").asText());
            assertEquals(2, answer.at("/upload/counts/accepted").asInt());
            assertEquals(2, storedEntries(service));
            assertEquals(
                    List.of("fw|fw"), query(service, "SELECT DISTINCT created_by || '|' || uploaded_by FROM entry"));
            // the device's user reads the receipt of their entries
            assertEquals(
                    200,
                    service.get("/v1/uploads/" + answer.at("/upload/uploadId").asText(), phone.token)
                            .statusCode());

            // the same carrier sending it again (its answer lost) gets the same receipt; another
            // carrier's replay is refused; neither stores anything
            HttpResponse<String> again = upload(service, sealed, TestService.SUPERVISOR);
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(
                    answer.at("/upload/uploadId"),
                    ApiJson.MAPPER.readTree(again.body()).at("/upload/uploadId"));
            HttpResponse<String> replayed = upload(service, sealed, TestService.ADMIN);
            assertEquals(409, replayed.statusCode(), replayed.body());
            assertEquals(
                    "replayed",
                    ApiJson.MAPPER.readTree(replayed.body()).get("error").asText());
            assertEquals(2, storedEntries(service));

            // a revoked device's file is refused
            byte[] fromRevoked = revokedPhone.seal(
                    UploadFixtures.ndjson(List.of(
                            UploadFixtures.household(UUID.randomUUID().toString(), TestService.ENCAMP, "fw", 3))),
                    revokedPhone.keys);
            assertEquals(
                    200,
                    service.send(
                                    "POST",
                                    "/v1/users/fw/devices/" + revokedPhone.deviceId + "/revoke",
                                    TestService.ADMIN,
                                    null)
                            .statusCode());
            assertRefused(service, fromRevoked, 422, "device-revoked");
            assertEquals(2, storedEntries(service));
        }
    }

    /** A simulated device: its key pair, enrolled at sign-in, and the upload key it learnt then. */
    private record Phone(String deviceId, KeyPair keys, String uploadKeyset, String token) {
        Phone(String deviceId, KeyPair keys, String uploadKeyset) {
            this(deviceId, keys, uploadKeyset, null);
        }

        static Phone signIn(TestService service) throws Exception {
            KeyPair keys = Ed25519.generate();
            String body = ApiJson.MAPPER.writeValueAsString(Map.of(
                    "userId",
                    "fw",
                    "password",
                    PASSWORD,
                    "deviceName",
                    "phone",
                    "devicePublicKey",
                    Ed25519.publicPem(keys.getPublic())));
            HttpResponse<String> answer = service.send("POST", "/v1/auth/sign-in", null, body);
            assertEquals(201, answer.statusCode(), answer.body());
            JsonNode enrolment = ApiJson.MAPPER.readTree(answer.body());
            return new Phone(
                    enrolment.at("/session/deviceId").asText(),
                    keys,
                    enrolment.at("/keys/upload/publicKeyset").asText(),
                    enrolment.at("/session/token").asText());
        }

        byte[] seal(byte[] entries, KeyPair signer) {
            return SealedEntries.seal(
                    new SealedEntries.Header(
                            SealedEntries.FORMAT,
                            UUID.randomUUID().toString(),
                            deviceId,
                            "fw",
                            "andorra-bednets-2026",
                            Instant.now().toString()),
                    entries,
                    signer.getPrivate(),
                    uploadKeyset);
        }
    }

    private static HttpResponse<String> upload(TestService service, byte[] file) throws Exception {
        return upload(service, file, TestService.SUPERVISOR);
    }

    private static HttpResponse<String> upload(TestService service, byte[] file, String carrier) throws Exception {
        return service.client.send(
                HttpRequest.newBuilder(service.uri("/v1/uploads/sealed"))
                        .header("Authorization", "Bearer " + carrier)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(TestService service, byte[] file, int status, String error) throws Exception {
        HttpResponse<String> answer = upload(service, file);
        assertEquals(status, answer.statusCode(), answer.body());
        assertEquals(error, ApiJson.MAPPER.readTree(answer.body()).get("error").asText(), answer.body());
    }

    private static long storedEntries(TestService service) {
        return Long.parseLong(query(service, "SELECT count(*) FROM entry").get(0));
    }

    private static List<String> query(TestService service, String sql) {
        try (Database entries = Database.sqlite(service.dataDir.resolve(Databases.ENTRIES_FILE))) {
            return entries.read(c -> Sql.query(c, sql, row -> row.getString(1)));
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
