import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.tilepacker.TestTileServer;

/**
 * A forms-only change republishes every sample pack: how long each takes against its first,
 * full build, with the tile requests and graph imports counted (bench/forms-rebuild.sh).
 */
public class FormsRebuildBenchmark {
    static final class Steps implements ProgressListener {
        final List<String> begun = new ArrayList<>();

        public synchronized void begin(String step, long total) {
            begun.add(step);
        }

        public void update(String step, long done) {}

        public void end(String step, long done) {}
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createDirectories(Path.of(args[0]));
        Path archive = PackFixtures.SAMPLE_CAMPAIGN.resolve("../andorra-raster-z9-15.mbtiles").normalize();
        Campaign campaign = PackFixtures.sampleCampaign();
        try (TestTileServer upstream = new TestTileServer(TestTileServer.tilesOf(archive));
                TestLeases leases = TestLeases.inDataFolder(dataDir)) {
            upstream.slowMillis = 0;
            PackBuilder builder = new PackBuilder(
                    new PackRepository(dataDir),
                    leases.leases(),
                    PartCatalog.writers(new BuildOptions(dataDir, upstream.urlTemplate())),
                    new PackVerifier(PartCatalog.verifiers()),
                    Clock.systemUTC());
            System.out.println("| boundary | first build (s) | forms-only rebuild (s) | tile requests | graph imports |");
            System.out.println("|---|---:|---:|---:|---:|");
            Campaign changed = withNewFormVersion(campaign);
            double fullTotal = 0;
            double rebuildTotal = 0;
            for (Boundary boundary : campaign.boundaries()) {
                long start = System.nanoTime();
                builder.build(new PackInput(campaign, boundary, campaign.pointsOf(boundary.id())), ProgressListener.NONE);
                double full = (System.nanoTime() - start) / 1e9;
                upstream.clearLog();
                Steps steps = new Steps();
                start = System.nanoTime();
                builder.build(new PackInput(changed, boundary, changed.pointsOf(boundary.id())), steps);
                double rebuild = (System.nanoTime() - start) / 1e9;
                long imports = steps.begun.stream().filter(s -> s.startsWith("import") || s.equals("clip")).count();
                fullTotal += full;
                rebuildTotal += rebuild;
                System.out.printf(Locale.ROOT, "| %s (%s) | %.2f | **%.2f** | %d | %d |%n",
                        boundary.name(), boundary.id(), full, rebuild, upstream.log().size(), imports);
            }
            System.out.printf(Locale.ROOT, "| all %d | %.2f | **%.2f** (%.2f per pack) | | |%n",
                    campaign.boundaries().size(), fullTotal, rebuildTotal, rebuildTotal / campaign.boundaries().size());
        }
    }

    static Campaign withNewFormVersion(Campaign campaign) {
        List<FormSchema> forms = new ArrayList<>(campaign.forms());
        FormSchema last = forms.get(forms.size() - 1);
        var schema = ((com.fasterxml.jackson.databind.node.ObjectNode) last.schema()).deepCopy();
        schema.put("version", last.version() + 1);
        forms.add(new FormSchema(last.id(), last.version() + 1, last.updatedAt().plusSeconds(60), schema));
        return new Campaign(campaign.folder(), campaign.settings(), campaign.boundaries(), campaign.points(), forms,
                campaign.localizations(), campaign.sosContacts());
    }
}
