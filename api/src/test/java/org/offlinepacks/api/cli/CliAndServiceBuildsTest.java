package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ApiJson;
import org.offlinepacks.api.http.ContractClient;
import org.offlinepacks.api.http.ServerConfig;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.store.Databases;

/**
 * The same pack built by `build` and by a rebuild job of `serve` is the same bytes, part for part,
 * and every JSON part is canonical (keys sorted at every level, compact, one final newline).
 */
class CliAndServiceBuildsTest {
    static final String ADMIN_TOKEN = "demo-admin-andorra";

    @TempDir
    Path dir;

    @Test
    void theCliAndARebuildJobGiveEveryPartTheSameBytes() throws Exception {
        String boundary = PackFixtures.ANDORRA_LA_VELLA;
        // the CLI in a process of its own, as a user runs it: Jackson's view of a class (the order of a
        // custom model's keys) may differ from one JVM run to another
        Path cliData = dir.resolve("cli");
        Process cli = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OfflinePacksCommand.class.getName(),
                        "build",
                        "--campaign",
                        PackFixtures.SAMPLE_CAMPAIGN.toString(),
                        "--boundary",
                        boundary,
                        "--out",
                        cliData.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("cli.log").toFile())
                .start();
        assertTrue(cli.waitFor(5, TimeUnit.MINUTES), "the CLI build finished");
        assertEquals(0, cli.exitValue(), Files.readString(dir.resolve("cli.log")));
        Path cliPack = cliData.resolve("packs/" + boundary + "/1");
        PackManifest fromCli = PartJson.read(cliPack.resolve(PackManifest.FILE_NAME), PackManifest.class);

        // what `serve --campaign SAMPLE --data DATA --demo` does before serving
        Path data = dir.resolve("service");
        PrintWriter messages = new PrintWriter(new StringWriter());
        try (Databases databases = Databases.embedded(data)) {
            Campaign campaign = CampaignLoader.load(PackFixtures.SAMPLE_CAMPAIGN, databases, messages);
            UsersLoader.load(campaign, databases, messages);
        }
        ServerConfig config = ServerConfigLoader.load(
                new ServerConfigLoader.Options(data, null, 0, null, null, null), null, Map.of(), true);
        PackManifest fromService;
        try (ApiApplication service = ApiApplication.start(config, ServeCommand.extraRoutes(config))) {
            JsonNode job = send(service, "POST", "/v1/boundaries/" + boundary + "/rebuild");
            String jobId = job.get("id").asText();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!job.get("state").asText().matches("SUCCEEDED|FAILED") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                job = send(service, "GET", "/v1/jobs/" + jobId);
            }
            assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
            fromService = PartJson.MAPPER.treeToValue(
                    send(service, "GET", "/v1/packs/" + boundary + "/manifest"), PackManifest.class);
        }

        assertEquals(hashes(fromCli), hashes(fromService));
        for (PackManifest.Part part : fromCli.parts()) {
            if (part.path().endsWith(".json") || part.path().endsWith(".geojson")) {
                String text = Files.readString(cliPack.resolve(part.path()));
                assertEquals(
                        CanonicalJson.text(PartJson.MAPPER.readTree(text)) + "\n", text, part.path() + " is canonical");
            }
        }
    }

    private static Map<String, String> hashes(PackManifest manifest) {
        Map<String, String> hashes = new TreeMap<>();
        manifest.parts().forEach(part -> hashes.put(part.path(), part.sha256()));
        return hashes;
    }

    private static JsonNode send(ApiApplication service, String method, String path) throws Exception {
        HttpResponse<String> response = ContractClient.create()
                .send(
                        HttpRequest.newBuilder(URI.create(service.baseUri() + path))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return ApiJson.MAPPER.readTree(response.body());
    }
}
