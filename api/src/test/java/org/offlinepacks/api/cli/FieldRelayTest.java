package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ContractClient;
import org.offlinepacks.api.sealing.SealedEntries;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.Sql;

/**
 * The laptop relay end to end, with real processes on loopback: it mirrors the north area while
 * the central service is up; the central service stops; two devices sync from the relay (signed
 * manifests) and leave sealed files with it; the relay is killed -9 and started again; the central
 * service comes back; the relay forwards, every entry is stored once centrally, and each device
 * finds the central receipt at its next contact with the relay.
 */
class FieldRelayTest {
    private static final String ADMIN = "demo-admin-andorra";
    private static final String SUPERVISOR = "demo-supervisor-north";
    private static final String PASSWORD = "bednets in the north";
    private static final String ORDINO = "osm-relation-2804758";
    private static final HttpClient HTTP =
            ContractClient.of(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)));

    @TempDir
    Path dir;

    @Test
    void devicesSyncAndUploadThroughAnOfflineRelayAndEveryEntryArrivesOnce() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        Path data = dir.resolve("central");
        assertEquals(
                0,
                CommandRun.of(
                                "build",
                                "--campaign",
                                campaign.toString(),
                                "--boundary",
                                PackFixtures.ENCAMP,
                                "--boundary",
                                ORDINO,
                                "--out",
                                data.toString())
                        .exitCode());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] serve = {"--campaign", campaign.toString(), "--data", data.toString(), "--demo"};
        URI central = URI.create("http://127.0.0.1:" + port);
        Path relayData = dir.resolve("relay");
        String[] relayArgs = {
            "--central", central.toString(), "--token", SUPERVISOR, "--data", relayData.toString(), "--every", "1"
        };

        List<Device> devices = new ArrayList<>();
        RelayProcess relay;
        try (ServeProcess service = ServeProcess.startOnPort(port, serve)) {
            for (String userId : List.of("fw-encamp", "fw-ordino")) {
                service.send("PUT", "/v1/users/" + userId + "/password", ADMIN, "{\"password\":\"" + PASSWORD + "\"}");
                devices.add(Device.signIn(central, userId));
            }
            relay = RelayProcess.start(relayArgs);
            relay.awaitOutput("mirror up to date", Duration.ofSeconds(90));
        } // the central service stops

        Map<Device, String> receipts = new java.util.HashMap<>();
        String plainReceipt;
        try {
            for (Device device : devices) {
                HttpResponse<byte[]> index = get(relay.baseUri(), "/v1/sync", device.token);
                assertEquals(200, index.statusCode(), new String(index.body()));
                String href = ApiJson.MAPPER
                        .readTree(index.body())
                        .at("/packs/0/manifest/href")
                        .asText();
                HttpResponse<byte[]> manifest = get(relay.baseUri(), href, device.token);
                assertEquals(200, manifest.statusCode());
                assertTrue(
                        Ed25519.verify(
                                device.signingKey,
                                manifest.body(),
                                Base64.getDecoder()
                                        .decode(manifest.headers()
                                                .firstValue("Manifest-Signature")
                                                .orElseThrow())),
                        "the relay serves the central service's signed manifest");

                HttpResponse<String> left = post(
                        relay.baseUri(),
                        "/v1/uploads/sealed",
                        device.token,
                        "application/octet-stream",
                        device.seal(3));
                assertEquals(202, left.statusCode(), left.body());
                receipts.put(
                        device,
                        ApiJson.MAPPER.readTree(left.body()).get("receipt").asText());
                assertEquals(
                        202,
                        get(relay.baseUri(), receipts.get(device), device.token).statusCode());
            }
            assertEquals(401, get(relay.baseUri(), "/v1/sync", "not-a-token").statusCode());

            // a plain entry file of the device user's own entries is taken too; someone else's is not
            Device encamp = devices.get(0);
            byte[] own = encamp.entries(1);
            HttpResponse<String> plain = postEntries(relay.baseUri(), encamp.token, own);
            assertEquals(202, plain.statusCode(), plain.body());
            plainReceipt = ApiJson.MAPPER.readTree(plain.body()).get("receipt").asText();
            HttpResponse<String> forged =
                    postEntries(relay.baseUri(), encamp.token, devices.get(1).entries(1));
            assertEquals(403, forged.statusCode(), forged.body());
            assertTrue(forged.body().contains("a relay takes only your own entries"), forged.body());
        } finally {
            relay.kill(); // kill -9 between receiving and forwarding
        }

        try (RelayProcess again = RelayProcess.start(relayArgs)) {
            for (Device device : devices) {
                assertEquals(
                        202,
                        get(again.baseUri(), receipts.get(device), device.token).statusCode(),
                        "kept");
            }
            try (ServeProcess service = ServeProcess.startOnPort(port, serve)) {
                for (Device device : devices) {
                    JsonNode receipt = awaitForwarded(again.baseUri(), receipts.get(device), device.token);
                    assertEquals(200, receipt.get("centralStatus").asInt(), receipt.toString());
                    assertEquals(device.userId, receipt.at("/central/createdBy").asText());
                    assertEquals("sup-north", receipt.at("/central/relayedBy").asText());
                    assertEquals(
                            3, receipt.at("/central/upload/counts/accepted").asInt(), receipt.toString());
                }
                JsonNode plain = awaitForwarded(again.baseUri(), plainReceipt, devices.get(0).token);
                assertEquals(200, plain.get("centralStatus").asInt(), plain.toString());
                assertEquals(1, plain.at("/central/counts/accepted").asInt(), plain.toString());
                try (Database entries = Database.sqlite(data.resolve(Databases.ENTRIES_FILE))) {
                    assertEquals(
                            List.of("fw-encamp|fw-encamp|3", "fw-encamp|sup-north|1", "fw-ordino|fw-ordino|3"),
                            entries.read(c -> Sql.query(
                                    c,
                                    "SELECT created_by || '|' || uploaded_by || '|' || count(*) FROM entry"
                                            + " GROUP BY created_by, uploaded_by ORDER BY created_by, uploaded_by",
                                    row -> row.getString(1))));
                    assertEquals(
                            List.of("fw-encamp|4", "fw-ordino|3"),
                            entries.read(c -> Sql.query(
                                    c,
                                    "SELECT created_by || '|' || count(DISTINCT client_reference_id) || '' FROM entry"
                                            + " GROUP BY created_by ORDER BY created_by",
                                    row -> row.getString(1))));
                    assertEquals(
                            7L,
                            entries.read(c -> Sql.query(c, "SELECT count(*) FROM entry", row -> row.getLong(1)))
                                    .get(0));
                }
            }
        }
    }

    /** A simulated device: signed in at the central service while it was reachable. */
    private static final class Device {
        final String userId;
        final String deviceId;
        final String token;
        final java.security.PublicKey signingKey;
        final String uploadKeyset;
        private final String boundaryId;
        private final KeyPair signer;

        private Device(String userId, JsonNode enrolment, KeyPair signer) {
            this.userId = userId;
            this.signer = signer;
            this.deviceId = enrolment.at("/session/deviceId").asText();
            this.token = enrolment.at("/session/token").asText();
            this.signingKey = Ed25519.readPublicPem(
                    enrolment.at("/keys/signing/0/publicKeyPem").asText());
            this.uploadKeyset = enrolment.at("/keys/upload/publicKeyset").asText();
            this.boundaryId = userId.equals("fw-encamp") ? PackFixtures.ENCAMP : ORDINO;
        }

        static Device signIn(URI central, String userId) throws Exception {
            KeyPair keys = Ed25519.generate();
            String body = ApiJson.MAPPER.writeValueAsString(Map.of(
                    "userId",
                    userId,
                    "password",
                    PASSWORD,
                    "deviceName",
                    "phone of " + userId,
                    "devicePublicKey",
                    Ed25519.publicPem(keys.getPublic())));
            HttpResponse<String> answer = post(central, "/v1/auth/sign-in", null, "application/json", body.getBytes());
            assertEquals(201, answer.statusCode(), answer.body());
            return new Device(userId, ApiJson.MAPPER.readTree(answer.body()), keys);
        }

        byte[] entries(int count) {
            List<Object> lines = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add(UploadFixtures.household(UUID.randomUUID().toString(), boundaryId, userId, 2 + i));
            }
            return UploadFixtures.ndjson(lines);
        }

        byte[] seal(int count) {
            return SealedEntries.seal(
                    new SealedEntries.Header(
                            SealedEntries.FORMAT,
                            UUID.randomUUID().toString(),
                            deviceId,
                            userId,
                            "andorra-bednets-2026",
                            Instant.now().toString()),
                    entries(count),
                    signer.getPrivate(),
                    uploadKeyset);
        }
    }

    private static JsonNode awaitForwarded(URI relay, String href, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> receipt = get(relay, href, token);
            if (receipt.statusCode() == 200) {
                return ApiJson.MAPPER.readTree(receipt.body());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the relay did not forward " + href + " within 90 s");
    }

    private static HttpResponse<byte[]> get(URI base, String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> postEntries(URI base, String token, byte[] file) throws Exception {
        String sha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve("/v1/uploads"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Digest", org.offlinepacks.api.upload.ContentDigest.header(sha256))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(URI base, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.header("Content-Type", contentType).build(), HttpResponse.BodyHandlers.ofString());
    }
}
