package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TestTileServer;

/**
 * A rebuild reuses the parts whose inputs did not change: a forms change fetches no tile and
 * imports no graph; moved points rebuild the routing parts but not the map.
 */
class PartReuseTest {
    private static final String SANT_JULIA = "osm-relation-2804759";
    private static final Path SAMPLE_RASTER = PackFixtures.SAMPLE_CAMPAIGN
            .resolve("../andorra-raster-z9-15.mbtiles")
            .normalize();

    @TempDir
    Path dataDir;

    /** The steps a build went through. */
    private static final class Steps implements ProgressListener {
        final List<String> begun = new ArrayList<>();

        @Override
        public synchronized void begin(String step, long total) {
            begun.add(step);
        }

        @Override
        public void update(String step, long done) {}

        @Override
        public void end(String step, long done) {}
    }

    @Test
    void aFormsChangeReusesTheMapAndTheGraphAndMovedPointsOnlyTheMap() throws IOException {
        try (TestTileServer upstream = new TestTileServer(TestTileServer.tilesOf(SAMPLE_RASTER));
                TestLeases leases = TestLeases.inDataFolder(dataDir)) {
            upstream.slowMillis = 0;
            BuildOptions options = new BuildOptions(dataDir, upstream.urlTemplate());
            PackBuilder builder = new PackBuilder(
                    new PackRepository(dataDir),
                    leases.leases(),
                    PartCatalog.writers(options),
                    new PackVerifier(PartCatalog.verifiers()),
                    Clock.systemUTC());
            PackInput input = PackFixtures.input(SANT_JULIA);
            Map<String, String> first = hashes(builder.build(input, ProgressListener.NONE));
            assertTrue(upstream.log().size() > 0, "the first build fetches its tiles");

            upstream.clearLog();
            Steps steps = new Steps();
            Map<String, String> formsChanged = hashes(builder.build(withNewFormVersion(input), steps));
            assertEquals(List.of(), upstream.log(), "no tile request");
            assertTrue(
                    steps.begun.contains("reuse:tiles") && steps.begun.contains("reuse:routing"),
                    steps.begun.toString());
            assertTrue(
                    steps.begun.stream()
                            .noneMatch(step -> step.startsWith("import") || step.equals("clip") || step.equals("ch")),
                    "no graph import: " + steps.begun);
            assertNotEquals(first.get("forms.json"), formsChanged.get("forms.json"));
            for (String path : List.of("tiles.mbtiles", "routing.ghz", "routing.json", "routes.json")) {
                assertEquals(first.get(path), formsChanged.get(path), path);
            }

            Steps moved = new Steps();
            Map<String, String> pointsMoved = hashes(builder.build(withAPointMoved(input), moved));
            assertTrue(moved.begun.contains("reuse:tiles"), moved.begun.toString());
            assertTrue(!moved.begun.contains("reuse:routing"), moved.begun.toString());
            assertEquals(first.get("tiles.mbtiles"), pointsMoved.get("tiles.mbtiles"));
            assertNotEquals(first.get("routes.json"), pointsMoved.get("routes.json"));
            assertEquals(List.of(), upstream.log(), "still no tile request");
        }
    }

    private static Map<String, String> hashes(PublishedPack pack) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        PartJson.read(pack.manifestFile(), PackManifest.class).parts().forEach(p -> hashes.put(p.path(), p.sha256()));
        assertEquals(List.of(), new PackVerifier(PartCatalog.verifiers()).verify(pack.folder()));
        return hashes;
    }

    private static PackInput withNewFormVersion(PackInput input) {
        Campaign campaign = input.campaign();
        List<FormSchema> forms = new ArrayList<>(campaign.forms());
        FormSchema last = forms.get(forms.size() - 1);
        ObjectNode schema = last.schema().deepCopy();
        schema.put("version", last.version() + 1);
        forms.add(new FormSchema(last.id(), last.version() + 1, last.updatedAt().plusSeconds(60), schema));
        return new PackInput(
                new Campaign(
                        campaign.folder(),
                        campaign.settings(),
                        campaign.boundaries(),
                        campaign.points(),
                        forms,
                        campaign.localizations(),
                        campaign.sosContacts()),
                input.boundary(),
                input.points());
    }

    private static PackInput withAPointMoved(PackInput input) {
        List<AssignedPoint> points = new ArrayList<>(input.points());
        AssignedPoint household = points.stream()
                .filter(p -> !p.kind().equals(AssignedPoint.FACILITY))
                .findFirst()
                .orElseThrow();
        points.set(
                points.indexOf(household),
                new AssignedPoint(
                        household.id(),
                        household.kind(),
                        household.name(),
                        household.boundaryId(),
                        household.lon() + 0.001,
                        household.lat()));
        return new PackInput(input.campaign(), input.boundary(), points);
    }
}
