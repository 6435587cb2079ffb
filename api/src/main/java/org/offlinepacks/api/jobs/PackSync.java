package org.offlinepacks.api.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps packs in step with the store: a published pack built for another version of its boundary
 * than the store's current one (a campaign folder imported with a changed boundary, or an edit
 * whose rebuild was lost when the service stopped) gets a rebuild. Boundaries without a pack are
 * left alone: building a first pack is asked for explicitly. Nodes that start together queue one
 * job per pack (see {@link RebuildJobs#requestCatchUp}).
 */
public final class PackSync {
    private static final Logger LOG = LoggerFactory.getLogger(PackSync.class);

    /** A pack out of step, and the rebuild queued for it. */
    public record Rebuild(
            String boundaryId, long packVersion, String packBoundaryVersion, String currentVersion, RebuildJob job) {
        public String describe() {
            return boundaryId + ": pack v" + packVersion + " was built for boundary version " + packBoundaryVersion
                    + ", the current version is " + currentVersion + "; rebuild job " + job.id();
        }
    }

    private PackSync() {}

    public static List<Rebuild> rebuildOutOfStep(PackRepository packs, CampaignCatalog campaigns, RebuildJobs jobs) {
        List<Rebuild> rebuilds = new ArrayList<>();
        for (String boundaryId : packs.boundaries()) {
            Optional<PublishedPack> pack = packs.current(boundaryId);
            Optional<String> current = campaigns
                    .campaignOf(boundaryId)
                    .flatMap(campaign -> campaign.boundary(boundaryId))
                    .map(Boundary::version);
            if (pack.isEmpty() || current.isEmpty()) {
                continue;
            }
            Optional<String> built = builtFor(pack.get());
            if (built.isPresent() && !current.get().equals(built.get())) {
                Rebuild rebuild = new Rebuild(
                        boundaryId,
                        pack.get().packVersion(),
                        built.get(),
                        current.get(),
                        jobs.requestCatchUp(
                                boundaryId, current.get(), pack.get().packVersion()));
                LOG.info("pack out of step with the store: {}", rebuild.describe());
                rebuilds.add(rebuild);
            }
        }
        return rebuilds;
    }

    /** The boundary version the pack was built for, as the catalog recorded it. */
    private static Optional<String> builtFor(PublishedPack pack) {
        return Optional.ofNullable(pack.boundaryVersion());
    }
}
