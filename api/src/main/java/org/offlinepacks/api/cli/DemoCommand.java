package org.offlinepacks.api.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.api.lease.NodeName;
import org.offlinepacks.api.tiles.MbtilesTileServer;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.TileDefaults;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.users.UserAccount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Builds, verifies and serves the bundled sample campaign (six parishes of Andorra) with no set-up.",
        })
final class DemoCommand implements Callable<Integer>, DataFolderCommand {
    static final String SAMPLE_CAMPAIGN = "sample-data/andorra";
    private static final String MBTILES_PREFIX = "mbtiles:";

    @Option(
            names = "--campaign",
            paramLabel = "DIR",
            description = "The campaign folder (default: the bundled " + SAMPLE_CAMPAIGN + ").")
    Path campaignDir;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            defaultValue = "demo-data",
            description = "The data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--build-only", description = "Build and verify the packs, then exit without serving.")
    boolean buildOnly;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "The port to serve on, on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        Path campaignFolder = campaignDir != null ? campaignDir : locateSampleCampaign();
        PrintWriter messages = new PrintWriter(System.err, true);
        Campaign campaign;
        List<UserAccount> users;
        try (Databases databases = Databases.embedded(dataDir)) {
            campaign = CampaignLoader.load(campaignFolder, databases, messages);
            // kept with --build-only too, so that `serve --demo --data` on this folder knows the sample users
            users = UsersLoader.load(campaign, databases, messages);
        }
        try (MbtilesTileServer tileServer = startTileServer(campaign)) {
            // Named by its content, not its port (a new one each run), so runs share the tile cache.
            String tileSource = tileServer == null ? null : tileServer.cachedSource();
            if (tileSource != null) {
                System.out.println("Stand-in tile server (the campaign's MBTiles over XYZ): " + tileSource);
            }
            return buildAndServe(campaign, users, tileSource);
        }
    }

    @Override
    public Path dataFolder() {
        return dataDir;
    }

    private int buildAndServe(Campaign campaign, List<UserAccount> users, String tileSource) throws Exception {
        int failures;
        try (Databases databases = Databases.embedded(dataDir)) {
            failures = buildAll(
                    campaign,
                    PackBuilder.create(
                            new BuildOptions(dataDir, tileSource),
                            BoundaryLeases.open(databases.campaign(), LeaseTerms.DEFAULTS, NodeName.local())));
        }
        if (failures > 0) {
            return 1;
        }
        if (!buildOnly) {
            DemoServing.serve(campaign, users, dataDir, port, tileSource, new PrintWriter(System.out, true));
        }
        return 0;
    }

    /** Builds and verifies every pack and prints a line for each; returns how many failed verification. */
    private int buildAll(Campaign campaign, PackBuilder builder) throws IOException {
        PackVerifier verifier = new PackVerifier(PartCatalog.verifiers());
        ConsoleProgress progress = new ConsoleProgress();
        List<String> rows = new ArrayList<>();
        int failures = 0;
        for (Boundary boundary : campaign.boundaries()) {
            PublishedPack pack =
                    builder.build(new PackInput(campaign, boundary, campaign.pointsOf(boundary.id())), progress);
            List<String> problems = verifier.verify(pack.bundleFile());
            failures += problems.isEmpty() ? 0 : 1;
            PackManifest manifest = PartJson.read(pack.manifestFile(), PackManifest.class);
            long bytes = Files.size(pack.bundleFile());
            rows.add(String.format(
                    "  %-22s %-20s v%-3d %3d points %2d parts %9.1f KB  %s",
                    boundary.name(),
                    boundary.id(),
                    pack.packVersion(),
                    campaign.pointsOf(boundary.id()).size(),
                    manifest.parts().size(),
                    bytes / 1024.0,
                    problems.isEmpty() ? "verified" : "FAILED: " + String.join("; ", problems)));
        }
        System.out.println("Built " + rows.size() + " packs of campaign "
                + campaign.settings().id() + " in " + dataDir.toAbsolutePath().resolve("packs") + ":");
        rows.forEach(System.out::println);
        return failures;
    }

    /**
     * The campaign's tile archive served over HTTP on a free loopback port, so that packs are
     * fetched the way they are from a real tile server (cache, retries, revalidation); null when the
     * campaign's tiles do not come from a local archive.
     */
    private static MbtilesTileServer startTileServer(Campaign campaign) throws IOException {
        Optional<String> source = campaign.settings().tileDefaults().map(TileDefaults::source);
        if (source.isEmpty() || !source.get().startsWith(MBTILES_PREFIX)) {
            return null;
        }
        return MbtilesTileServer.start(Path.of(source.get().substring(MBTILES_PREFIX.length())), "127.0.0.1", 0);
    }

    /** The sample campaign beside the working directory, or beside the jar (api/target/..). */
    static Path locateSampleCampaign() throws URISyntaxException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(SAMPLE_CAMPAIGN));
        Optional.ofNullable(DemoCommand.class.getProtectionDomain().getCodeSource())
                .map(source -> {
                    try {
                        return Path.of(source.getLocation().toURI());
                    } catch (URISyntaxException e) {
                        return null;
                    }
                })
                .map(jar -> jar.toAbsolutePath().getParent())
                .ifPresent(dir -> {
                    candidates.add(dir.resolve("../..").resolve(SAMPLE_CAMPAIGN).normalize());
                    candidates.add(dir.resolve("..").resolve(SAMPLE_CAMPAIGN).normalize());
                });
        return candidates.stream()
                .filter(dir -> Files.isRegularFile(dir.resolve("campaign.json")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot find the sample campaign (looked in " + candidates
                        + "); run from the project folder or pass --campaign DIR"));
    }
}
