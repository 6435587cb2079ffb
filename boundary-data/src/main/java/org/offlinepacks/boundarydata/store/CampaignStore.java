package org.offlinepacks.boundarydata.store;

import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.campaign.Campaign;

/**
 * Where campaign data lives between runs: {@link SqlCampaignStore}, in the data folder's SQLite
 * file or in a shared PostgreSQL database.
 */
public interface CampaignStore extends AutoCloseable {
    /**
     * Stores a campaign read from its folder, replacing what was stored for it, and says what became
     * of each boundary. A boundary's geometry from the folder becomes its current version only where
     * the folder changed since its last import (a planner's newer edit is not reverted by importing
     * the same folder again); every geometry is kept as a version.
     */
    CampaignImport save(Campaign campaign);

    /** The stored campaign with every boundary at its current version. */
    Optional<Campaign> load(String campaignId);

    /** The campaign a boundary belongs to. */
    Optional<String> campaignOf(String boundaryId);

    /**
     * Records a planner's new geometry for a boundary. Returns the boundary's version afterwards
     * (unchanged when the geometry is the same as the current one).
     */
    String updateGeometry(String boundaryId, Geometry geometry);

    /** Every version a boundary has had, oldest first. */
    List<String> versions(String boundaryId);

    @Override
    void close();
}
