package org.offlinepacks.api.jobs;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.boundarydata.store.CampaignStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the packs of boundaries retired from their campaign once the grace period is over: long
 * enough for a device in the middle of a download to finish it (a retired boundary leaves every
 * sync index at once).
 */
public final class RetiredPacks {
    private static final Logger LOG = LoggerFactory.getLogger(RetiredPacks.class);

    private final PackRepository repository;
    private final CampaignStore store;
    private final Duration grace;
    private final Clock clock;

    public RetiredPacks(PackRepository repository, CampaignStore store, Duration grace, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.grace = grace;
        this.clock = clock;
    }

    /** Removes what is past its grace period; returns the boundaries whose packs went. */
    public List<String> sweep() {
        Instant cutoff = clock.instant().minus(grace);
        List<String> removed = new ArrayList<>();
        for (String boundaryId : repository.boundaries()) {
            Optional<String> campaignId = store.campaignOf(boundaryId);
            if (campaignId.isEmpty()) {
                continue;
            }
            boolean expired = store.retiredBoundaries(campaignId.get()).stream()
                    .anyMatch(r -> r.id().equals(boundaryId) && r.retiredAt().isBefore(cutoff));
            if (expired) {
                try {
                    repository.removeAll(boundaryId);
                    removed.add(boundaryId);
                    LOG.info("removed the packs of {}, retired before {}", boundaryId, cutoff);
                } catch (IOException e) {
                    LOG.warn("cannot remove the packs of retired boundary {}", boundaryId, e);
                }
            }
        }
        return removed;
    }
}
