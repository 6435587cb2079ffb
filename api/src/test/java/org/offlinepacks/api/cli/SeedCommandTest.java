package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ContractClient;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;

/** A device seeded from a data folder, without a server, whose first online sync finds nothing new. */
class SeedCommandTest {
    private static final String ENCAMP = "osm-relation-2804755";

    @TempDir
    Path dir;

    @Test
    void aSeededDevicesFirstSyncIsA304ForTheIndexAndEveryPack() throws Exception {
        Path data = dir.resolve("data");
        Path campaignDir = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        assertEquals(
                0,
                CommandRun.of("build", "--campaign", campaignDir.toString(), "--all", "--out", data.toString())
                        .exitCode());
        try (Databases databases = Databases.embedded(data)) {
            PrintWriter quiet = new PrintWriter(new StringWriter());
            Campaign campaign = CampaignLoader.load(campaignDir, databases, quiet);
            UsersLoader.load(campaign, databases, quiet);
        }
        Path device = dir.resolve("device");
        CommandRun seed =
                CommandRun.of("seed", "--data", data.toString(), "--user", "sup-north", "--out", device.toString());
        assertEquals(0, seed.exitCode(), seed.err());
        assertTrue(seed.out().contains("seeded 3 pack(s)"), seed.out());
        assertTrue(Files.isRegularFile(device.resolve("packs/" + ENCAMP + "/tiles.mbtiles")) == false);
        assertTrue(Files.isRegularFile(device.resolve("packs/" + ENCAMP + "/forms.json")));
        assertEquals(0, CommandRun.of("verify", device.toString()).exitCode());

        String tag = Files.readString(device.resolve("sync.etag")).trim();
        JsonNode index = ApiJson.MAPPER.readTree(device.resolve("sync.json").toFile());
        HttpClient client = ContractClient.create();
        try (ApiApplication service =
                ApiApplication.start(ServerConfig.defaults(data).withPort(0).withDemo(true), List.of())) {
            assertEquals(304, get(client, service.baseUri(), "/v1/sync", tag).statusCode());
            for (JsonNode pack : index.get("packs")) {
                HttpResponse<String> manifest = get(
                        client,
                        service.baseUri(),
                        pack.at("/manifest/href").asText(),
                        "\"" + pack.at("/manifest/sha256").asText() + "\"");
                assertEquals(304, manifest.statusCode(), pack.toString());
            }
            // the dashboards the index names are on the device, and the service has nothing newer
            String dashboards = index.at("/dashboards/sha256").asText();
            assertEquals(
                    dashboards,
                    org.offlinepacks.api.upload.UploadFixtures.sha256(
                            Files.readAllBytes(device.resolve("campaign/dashboards.json"))));
            assertEquals(
                    304,
                    get(client, service.baseUri(), "/v1/dashboards", "\"" + dashboards + "\"")
                            .statusCode());
        }

        Files.writeString(device.resolve("packs/" + ENCAMP + "/forms.json"), "{\"forms\":[]}\n");
        CommandRun tampered = CommandRun.of("verify", device.toString());
        assertEquals(1, tampered.exitCode());
        assertTrue(tampered.out().contains(ENCAMP + ": part forms.json"), tampered.out());
    }

    @Test
    void aTargetWithoutRoomIsRefusedWithWhatItNeeds() throws Exception {
        Path data = dir.resolve("data");
        Path campaignDir = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        CommandRun.of("build", "--campaign", campaignDir.toString(), "--all", "--out", data.toString());
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("stick"), 256, 8)) {
            CommandRun seed = CommandRun.of(
                    "seed",
                    "--data",
                    data.toString(),
                    "--boundary",
                    ENCAMP,
                    "--out",
                    disk.path().resolve("device").toString());
            assertEquals(FailureHandler.BAD_INPUT, seed.exitCode(), seed.err());
            assertTrue(seed.err().contains("seeding needs"), seed.err());
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI base, String path, String ifNoneMatch)
            throws Exception {
        return client.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer demo-supervisor-north")
                        .header("If-None-Match", ifNoneMatch)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
