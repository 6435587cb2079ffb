package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.http.ApiApplication;
import org.offlinepacks.api.http.ContractClient;
import org.offlinepacks.api.http.ServerConfig;

/** What `build`, `demo` and `serve` say when they cannot do what they were asked. */
class BuildFailuresTest {
    static final String EMPTY = "{\"type\":\"FeatureCollection\",\"features\":[]}";

    @TempDir
    Path dir;

    @Test
    void buildAllOfACampaignWithoutBoundariesSaysSoAndExitsWithTwo() {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        CampaignCopies.write(campaign.resolve("boundaries.geojson"), EMPTY);
        CampaignCopies.write(campaign.resolve("points.geojson"), EMPTY);
        CampaignCopies.write(campaign.resolve("sos.json"), "{\"contacts\":[]}");
        CampaignCopies.write(campaign.resolve("users.json"), "{\"users\":[]}");

        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--all",
                "--out",
                dir.resolve("data").toString());

        assertEquals(FailureHandler.BAD_INPUT, build.exitCode(), build.err());
        assertTrue(build.err().contains("has no boundaries") && build.err().contains("nothing was built"), build.err());
    }

    @Test
    void aTileSourceArchiveOnTheCommandLineIsRelativeToTheWorkingDirectory() throws Exception {
        Path campaign = CampaignCopies.edited(dir.resolve("campaign"), settings -> {
            ObjectNode defaults = (ObjectNode) settings.get("packDefaults");
            defaults.remove("routing");
            ((ObjectNode) defaults.get("tiles")).put("source", "mbtiles:not-here.mbtiles");
        });
        String relative = "../sample-data/andorra-raster-z9-15.mbtiles";
        assertTrue(Files.isRegularFile(Path.of(relative)), "the tests run in the api folder");

        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--boundary",
                PackFixtures.ANDORRA_LA_VELLA,
                "--tile-source",
                "mbtiles:" + relative,
                "--out",
                dir.resolve("data").toString());

        assertEquals(0, build.exitCode(), build.err());
        PackManifest manifest =
                PartJson.read(Path.of(build.outLines().get(build.outLines().size() - 1)), PackManifest.class);
        assertTrue(manifest.part("tiles.mbtiles").isPresent(), manifest.parts().toString());
        assertTrue(
                manifest.sources().toString().contains("andorra-raster-z9-15.mbtiles"),
                manifest.sources().toString());
    }

    @Test
    void demoBuildOnlyKeepsTheSampleUsersSoServeDemoKnowsTheirTokens() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        Path data = dir.resolve("data");

        CommandRun demo =
                CommandRun.of("demo", "--campaign", campaign.toString(), "--data", data.toString(), "--build-only");
        assertEquals(0, demo.exitCode(), demo.err());

        // what `serve --demo --data DATA --port 0` starts
        ServerConfig config = ServerConfigLoader.load(
                new ServerConfigLoader.Options(data, null, 0, null, null, null), null, Map.of(), true);
        try (ApiApplication service = ApiApplication.start(config, ServeCommand.extraRoutes(config))) {
            HttpResponse<String> manifest = ContractClient.create()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            service.baseUri() + "/v1/packs/" + PackFixtures.ENCAMP + "/manifest"))
                                    .header("Authorization", "Bearer demo-field-worker-encamp")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, manifest.statusCode(), manifest.body());
        }
    }

    @Test
    void aFullDiskIsNamedWithItsFreeSpace() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), 2048, 150)) {
            CommandRun build = CommandRun.of(
                    "build",
                    "--campaign",
                    campaign.toString(),
                    "--all",
                    "--out",
                    disk.path().resolve("data").toString());

            assertEquals(FailureHandler.FAILED, build.exitCode(), build.err());
            List<String> errors =
                    build.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), build.err());
            assertTrue(errors.get(0).contains("the disk holding " + disk.path().resolve("data")), errors.get(0));
            assertTrue(errors.get(0).matches(".*\\b\\d+ (bytes|KB|MB) free\\b.*"), errors.get(0));
            assertFalse(build.err().contains("unexpected"), build.err());
        }
    }
}
