package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.slf4j.MDC;
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

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "How many packs are built at once (default: the number of cores, ${DEFAULT-VALUE}).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 64) {
            throw new ParameterException(spec.commandLine(), "--parallel must be 1 to 64, found " + parallel);
        }
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
            CampaignBuildReport report = new CampaignBuildReport();
            for (CampaignBuildReport.Row row : buildAll(campaign, boundaries, builder)) {
                report.add(row);
            }
            report.print(spec.commandLine().getErr());
            return report.anyFailedOrSkipped() ? FailureHandler.FAILED : 0;
        }
    }

    /**
     * Builds the boundaries {@code parallel} at a time and answers their rows in the boundaries'
     * order. After a full disk, the boundaries not yet started are skipped.
     */
    private List<CampaignBuildReport.Row> buildAll(Campaign campaign, List<Boundary> boundaries, PackBuilder builder)
            throws InterruptedException {
        AtomicReference<String> stopped = new AtomicReference<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(parallel, boundaries.size()), task -> new Thread(task, "build-" + threads.incrementAndGet()));
        try {
            List<Future<CampaignBuildReport.Row>> rows = new ArrayList<>();
            for (Boundary boundary : boundaries) {
                rows.add(pool.submit(() -> {
                    if (stopped.get() != null) {
                        return new CampaignBuildReport.Row(
                                boundary.id(),
                                CampaignBuildReport.Result.SKIPPED,
                                currentVersion(builder, boundary),
                                0,
                                stopped.get());
                    }
                    MDC.put(LogbackConfigurator.PACK_KEY, " [" + boundary.id() + "]");
                    try {
                        return build(campaign, boundary, builder, stopped);
                    } finally {
                        MDC.remove(LogbackConfigurator.PACK_KEY);
                    }
                }));
            }
            List<CampaignBuildReport.Row> answered = new ArrayList<>();
            for (Future<CampaignBuildReport.Row> row : rows) {
                try {
                    answered.add(row.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("building a pack failed outside its own handling", e.getCause());
                }
            }
            return answered;
        } finally {
            pool.shutdownNow();
        }
    }

    private CampaignBuildReport.Row build(
            Campaign campaign, Boundary boundary, PackBuilder builder, AtomicReference<String> stopped) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        try {
            PackBuilder.Result result = builder.buildIfChanged(
                    new PackInput(campaign, boundary, campaign.pointsOf(boundary.id())), new ConsoleProgress(err));
            if (!result.unchanged()) {
                synchronized (out) {
                    out.println(result.pack().manifestFile().toAbsolutePath());
                    out.flush();
                }
            }
            return new CampaignBuildReport.Row(
                    boundary.id(),
                    result.unchanged() ? CampaignBuildReport.Result.UNCHANGED : CampaignBuildReport.Result.BUILT,
                    result.pack().packVersion(),
                    seconds(started),
                    result.warnings().isEmpty() ? null : "warning: " + String.join("; ", result.warnings()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = FailureHandler.reason(e);
            Optional<String> fullDisk = DiskSpace.fullDiskCause(dataDir, e);
            if (fullDisk.isPresent()) {
                reason = fullDisk.get() + ": " + reason;
                stopped.compareAndSet(null, "not tried: " + fullDisk.get());
            }
            synchronized (err) {
                err.println("FAILED " + boundary.id() + ": " + reason);
                if (FailureHandler.looksLikeABug(e)) {
                    e.printStackTrace(err);
                }
            }
            return new CampaignBuildReport.Row(
                    boundary.id(),
                    CampaignBuildReport.Result.FAILED,
                    currentVersion(builder, boundary),
                    seconds(started),
                    reason);
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
