package org.offlinepacks.api.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.Databases;
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
            "The last line printed is the path of the published manifest."
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
        Campaign campaign;
        try (Databases databases = Databases.embedded(dataDir)) {
            campaign = CampaignLoader.load(
                    campaignDir, databases, spec.commandLine().getErr());
        }
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
        PackBuilder builder = PackBuilder.create(new BuildOptions(dataDir, tileSource));
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
        for (Boundary boundary : boundaries) {
            PublishedPack pack =
                    builder.build(new PackInput(campaign, boundary, campaign.pointsOf(boundary.id())), progress);
            spec.commandLine().getOut().println(pack.manifestFile().toAbsolutePath());
        }
        return 0;
    }

    @Override
    public Path dataFolder() {
        return dataDir;
    }
}
