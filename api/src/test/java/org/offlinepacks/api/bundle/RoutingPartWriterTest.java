package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignSettings;
import org.offlinepacks.boundarydata.progress.ProgressListener;

class RoutingPartWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheThreeRoutingPartsThatTheVerifierAccepts() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        PackInput input = PackFixtures.input(PackFixtures.ANDORRA_LA_VELLA);

        List<PackPart> parts =
                new RoutingPartWriter(new BuildOptions(dataDir, null)).write(input, staging, ProgressListener.NONE);

        String source =
                "routing: OpenStreetMap extract andorra.osm.pbf (data of 2013-05-28T18:59:04Z), GraphHopper 11.0";
        assertEquals(
                List.of(
                        new PackPart("routing-graph", "routing.ghz", "application/zip", source),
                        new PackPart("routing", "routing.json", "application/json", source),
                        new PackPart("routes", "routes.json", "application/json", source)),
                parts);
        try (Stream<Path> files = Files.list(staging)) {
            assertEquals(
                    List.of("routes.json", "routing.ghz", "routing.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "only the zipped graph and the two JSON files reach the pack");
        }
        try (Stream<Path> work = Files.list(dataDir.resolve("work"))) {
            assertEquals(0, work.count(), "GraphHopper's work folder is removed");
        }
        RoutingPartVerifier verifier = new RoutingPartVerifier();
        for (PackPart part : parts) {
            assertTrue(verifier.appliesTo(part.path()));
            assertEquals(List.of(), verifier.verify(staging, part.path()), part.path());
        }
    }

    @Test
    void theVerifierReportsAGraphThatDoesNotMatchItsRoutingJson() throws Exception {
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        new RoutingPartWriter(new BuildOptions(tmp.resolve("data"), null))
                .write(PackFixtures.input(PackFixtures.ANDORRA_LA_VELLA), staging, ProgressListener.NONE);
        Path manifest = staging.resolve("routing.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"edges\":\\d+", "\"edges\":1"));

        List<String> problems = new RoutingPartVerifier().verify(staging, "routing.ghz");

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("edges"), problems.get(0));
    }

    @Test
    void noRoutingPartsWhenTheCampaignHasNoRoutingDefaults() throws Exception {
        Campaign sample = PackFixtures.sampleCampaign();
        CampaignSettings settings = sample.settings();
        Campaign withoutRouting = new Campaign(
                sample.folder(),
                new CampaignSettings(
                        settings.id(),
                        settings.name(),
                        settings.locales(),
                        settings.attribution(),
                        settings.tiles(),
                        null),
                sample.boundaries(),
                sample.points(),
                sample.forms(),
                sample.localizations(),
                sample.sosContacts());
        PackInput input = new PackInput(
                withoutRouting,
                withoutRouting.boundary(PackFixtures.ENCAMP).orElseThrow(),
                withoutRouting.pointsOf(PackFixtures.ENCAMP));

        List<PackPart> parts = new RoutingPartWriter(new BuildOptions(tmp, null))
                .write(input, Files.createDirectories(tmp.resolve("staging")), ProgressListener.NONE);

        assertEquals(List.of(), parts);
    }
}
