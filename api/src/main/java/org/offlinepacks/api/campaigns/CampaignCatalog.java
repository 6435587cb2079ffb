package org.offlinepacks.api.campaigns;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryHierarchy;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.store.CampaignStore;
import org.offlinepacks.boundarydata.users.AccessPolicy;

/**
 * The stored campaigns as the service uses them: loaded once, kept in memory with their access
 * policy, and reloaded after a planner changes one.
 */
public final class CampaignCatalog {
    private record Loaded(Campaign campaign, AccessPolicy policy) {}

    private final CampaignStore store;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    public CampaignCatalog(CampaignStore store) {
        this.store = store;
    }

    public CampaignStore store() {
        return store;
    }

    public Campaign campaign(String campaignId) {
        return load(campaignId).campaign();
    }

    public AccessPolicy policy(String campaignId) {
        return load(campaignId).policy();
    }

    /** The campaign a boundary belongs to, if it is stored. */
    public Optional<Campaign> campaignOf(String boundaryId) {
        return store.campaignOf(boundaryId).map(this::campaign);
    }

    /** What a rebuild of the boundary is made of now: its current geometry, points and forms. */
    public PackInput inputFor(String boundaryId) {
        Campaign campaign =
                campaignOf(boundaryId).orElseThrow(() -> new NotFoundException("no boundary " + boundaryId));
        Boundary boundary =
                campaign.boundary(boundaryId).orElseThrow(() -> new NotFoundException("no boundary " + boundaryId));
        return new PackInput(campaign, boundary, campaign.pointsOf(boundaryId));
    }

    /**
     * What a rebuild of the boundary is made of, read from the store rather than this node's copy:
     * another node may have changed it.
     */
    public PackInput currentInputFor(String boundaryId) {
        Campaign campaign = store.campaignOf(boundaryId)
                .flatMap(store::load)
                .orElseThrow(() -> new NotFoundException("no boundary " + boundaryId));
        Boundary boundary =
                campaign.boundary(boundaryId).orElseThrow(() -> new NotFoundException("no boundary " + boundaryId));
        return new PackInput(campaign, boundary, campaign.pointsOf(boundaryId));
    }

    /** Forgets what was loaded, so the next use reads the store again. */
    public void invalidate(String campaignId) {
        loaded.remove(campaignId);
    }

    private Loaded load(String campaignId) {
        return loaded.computeIfAbsent(campaignId, id -> {
            Campaign campaign = store.load(id).orElseThrow(() -> new NotFoundException("no campaign " + campaignId));
            // retired boundaries stay readable (their packs, for a grace period), never listed
            Map<String, String> parents = new java.util.LinkedHashMap<>();
            campaign.boundaries().forEach(b -> parents.put(b.id(), b.parentId()));
            store.retiredBoundaries(id).forEach(r -> parents.putIfAbsent(r.id(), r.parentId()));
            return new Loaded(campaign, new AccessPolicy(id, new BoundaryHierarchy(parents)));
        });
    }
}
