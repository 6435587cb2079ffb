package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.api.lease.BoundaryLeases;

class BuildAndVerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildPrintsThePublishedManifestLastAndVerifyPassesOnIt() {
        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                PackFixtures.SAMPLE_CAMPAIGN.toString(),
                "--boundary",
                PackFixtures.ANDORRA_LA_VELLA,
                "--out",
                dir.toString());

        assertEquals(0, build.exitCode(), build.err());
        Path manifest = Path.of(build.outLines().get(build.outLines().size() - 1));
        assertEquals(
                dir.resolve("packs/" + PackFixtures.ANDORRA_LA_VELLA + "/1/manifest.json")
                        .toAbsolutePath(),
                manifest);
        assertTrue(Files.exists(manifest));

        CommandRun verify = CommandRun.of(
                "verify",
                manifest.getParent().toString(),
                manifest.resolveSibling("bundle.zip").toString());
        assertEquals(0, verify.exitCode(), verify.out());
    }

    @Test
    void buildWaitsWhileAServingNodeBuildsTheSameBoundary() throws Exception {
        Path data = dir.resolve("data");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (TestLeases serving = TestLeases.inDataFolder(data)) {
            BoundaryLeases.Lease held = serving.leases().acquire(PackFixtures.ANDORRA_LA_VELLA);
            Future<CommandRun> build = background.submit(() -> CommandRun.of(
                    "build",
                    "--campaign",
                    PackFixtures.SAMPLE_CAMPAIGN.toString(),
                    "--boundary",
                    PackFixtures.ANDORRA_LA_VELLA,
                    "--out",
                    data.toString()));

            Thread.sleep(3000);
            assertFalse(build.isDone(), "one build of a boundary at a time, across processes");
            assertFalse(Files.exists(data.resolve("packs/" + PackFixtures.ANDORRA_LA_VELLA + "/1")));

            held.close();
            CommandRun done = build.get(120, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertTrue(Files.exists(data.resolve("packs/" + PackFixtures.ANDORRA_LA_VELLA + "/1/manifest.json")));
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void anInvalidCampaignExitsWithTwoAndTheWholeReport() throws Exception {
        Path campaign = org.offlinepacks.boundarydata.campaign.SampleCampaign.copyTo(dir.resolve("c"));
        Files.writeString(campaign.resolve("boundaries.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[");

        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--all",
                "--out",
                dir.resolve("out").toString());

        assertEquals(2, build.exitCode());
        assertTrue(build.err().contains("ERROR boundaries.geojson line 1"), build.err());
        assertTrue(build.err().contains("[invalid-json]"), build.err());
    }

    @Test
    void aFormFieldOfATypeTheFormatDoesNotHaveIsAnError() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("c"));
        Path form = campaign.resolve("forms/household-registration.json");
        Files.writeString(
                form,
                Files.readString(form)
                        .replace("\"type\": \"gps\"", "\"type\": \"signature\"")
                        .replace("\"type\": \"boolean\"", "\"type\": \"select\""));

        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--all",
                "--out",
                dir.resolve("out").toString());

        assertEquals(2, build.exitCode());
        assertTrue(build.err().contains("[bad-field-type]"), build.err());
        assertTrue(
                build.err().contains("text, integer, number, boolean, select, gps, registrationId, photo"),
                build.err());
        assertTrue(build.err().contains("[bad-field-options]"), build.err());
    }

    @Test
    void verifyExitsWithOneAndNamesTheBrokenPart() throws Exception {
        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                PackFixtures.SAMPLE_CAMPAIGN.toString(),
                "--boundary",
                PackFixtures.ANDORRA_LA_VELLA,
                "--out",
                dir.toString());
        Path pack = Path.of(build.outLines().get(build.outLines().size() - 1)).getParent();
        Files.writeString(pack.resolve("forms.json"), "{}");

        CommandRun verify = CommandRun.of("verify", pack.toString());

        assertEquals(1, verify.exitCode());
        assertTrue(verify.out().contains("part forms.json has 2 bytes"), verify.out());
    }

    @Test
    void aFirstManifestSaysItHasNoPreviousVersion() throws Exception {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        String[] build = {
            "build", "--campaign", campaign.toString(), "--boundary", PackFixtures.ENCAMP, "--out", dir.toString()
        };

        CommandRun first = CommandRun.of(build);
        // a change, so that the second build publishes a version (an unchanged pack is not republished)
        Files.writeString(
                campaign.resolve("sos.json"),
                Files.readString(campaign.resolve("sos.json")).replace("\"112\"", "\"112 (free)\""));
        CommandRun second = CommandRun.of(build);

        assertEquals(0, first.exitCode(), first.err());
        String firstManifest =
                Files.readString(Path.of(first.outLines().get(first.outLines().size() - 1)));
        assertTrue(firstManifest.contains("\"previousPackVersion\":null"), firstManifest);
        String secondManifest =
                Files.readString(Path.of(second.outLines().get(second.outLines().size() - 1)));
        assertTrue(secondManifest.contains("\"previousPackVersion\":1"), secondManifest);
    }

    @Test
    void everyCommandHasHelp() {
        var commandLine = OfflinePacksCommand.commandLine();
        for (String name : commandLine.getSubcommands().keySet()) {
            CommandRun help = CommandRun.of(name, "--help");
            assertEquals(0, help.exitCode(), name);
            assertTrue(help.out().contains("Usage: offline-packs " + name), name + ": " + help.out());
        }
    }
}
