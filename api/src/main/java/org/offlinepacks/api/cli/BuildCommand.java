package org.offlinepacks.api.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.api.lease.NodeName;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;
import org.offlinepacks.boundarydata.store.DiskSpace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Builds and publishes the pack of one or more boundaries of a campaign folder.",
            "Each published pack's manifest path is printed on stdout. Every boundary is tried whatever happens"
                    + " to another; the build ends with a table on stderr of what each one gave (built, unchanged,"
                    + " failed with the reason, skipped) and exits 1 when one failed."
        })
final class BuildCommand implements Callable<Integer>, DataFolderCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--campaign", required = true, paramLabel = "DIR", description = "The campaign folder.")
    Path campaignDir;

    @ArgGroup(multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--boundary", paramLabel = "ID", description = "A boundary id (repeatable).")
        List<String> boundaryIds;

        @Option(names = "--all", description = "Every boundary of the campaign.")
        boolean all;
    }

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The data folder: packs are published under DIR/packs/BOUNDARY/VERSION/.")
    Path dataDir;

    @Option(
            names = "--tile-source",
            paramLabel = "SOURCE",
            description = "Overrides the campaign's tile source: an XYZ URL template or mbtiles:PATH.")
    String tileSource;

    @Override
    public Integer call() throws Exception {
        try (Databases databases = Databases.embedded(dataDir)) {
            Campaign campaign = CampaignLoader.load(
                    campaignDir, databases, spec.commandLine().getErr());
            List<Boundary> boundaries = selection.all
                    ? campaign.boundaries()
                    : selection.boundaryIds.stream()
                            .map(id -> campaign.boundary(id)
                                    .orElseThrow(() -> new ParameterException(
                                            spec.commandLine(), "boundary " + id + " is not in " + campaignDir)))
                            .toList();
            if (boundaries.isEmpty()) {
                throw new IllegalArgumentException(
                        "campaign " + campaignDir + " has no boundaries in boundaries.geojson: nothing was built");
            }
            // the build lease of each boundary keeps this build and a serving node's from running at once;
            // the tile cache's database is opened once for all packs
            PackBuilder builder = PackBuilder.create(
                    new BuildOptions(dataDir, tileSource, databases.tileCache()),
                    BoundaryLeases.open(databases.campaign(), LeaseTerms.DEFAULTS, NodeName.local()));
            ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
            CampaignBuildReport report = new CampaignBuildReport();
            String stopped = null;
            for (Boundary boundary : boundaries) {
                if (stopped != null) {
                    report.add(new CampaignBuildReport.Row(
                            boundary.id(),
                            CampaignBuildReport.Result.SKIPPED,
                            currentVersion(builder, boundary),
                            0,
                            stopped));
                    continue;
                }
                long started = System.nanoTime();
                try {
                    PackBuilder.Result result = builder.buildIfChanged(
                            new PackInput(campaign, boundary, campaign.pointsOf(boundary.id())), progress);
                    if (!result.unchanged()) {
                        spec.commandLine()
                                .getOut()
                                .println(result.pack().manifestFile().toAbsolutePath());
                        spec.commandLine().getOut().flush();
                    }
                    report.add(new CampaignBuildReport.Row(
                            boundary.id(),
                            result.unchanged()
                                    ? CampaignBuildReport.Result.UNCHANGED
                                    : CampaignBuildReport.Result.BUILT,
                            result.pack().packVersion(),
                            seconds(started),
                            result.warnings().isEmpty() ? null : "warning: " + String.join("; ", result.warnings())));
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    String reason = FailureHandler.reason(e);
                    Optional<String> fullDisk = DiskSpace.fullDiskCause(dataDir, e);
                    if (fullDisk.isPresent()) {
                        reason = fullDisk.get() + ": " + reason;
                        stopped = "not tried: " + fullDisk.get();
                    }
                    spec.commandLine().getErr().println("FAILED " + boundary.id() + ": " + reason);
                    if (FailureHandler.looksLikeABug(e)) {
                        e.printStackTrace(spec.commandLine().getErr());
                    }
                    report.add(new CampaignBuildReport.Row(
                            boundary.id(),
                            CampaignBuildReport.Result.FAILED,
                            currentVersion(builder, boundary),
                            seconds(started),
                            reason));
                }
            }
            report.print(spec.commandLine().getErr());
            return report.anyFailedOrSkipped() ? FailureHandler.FAILED : 0;
        }
    }

    private static Long currentVersion(PackBuilder builder, Boundary boundary) {
        return builder.repository()
                .current(boundary.id())
                .map(PublishedPack::packVersion)
                .orElse(null);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @Override
    public Path dataFolder() {
        return dataDir;
    }
}
