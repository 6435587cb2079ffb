package org.offlinepacks.boundarydata.store;

import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.FormSchema;
import org.offlinepacks.boundarydata.campaign.Localization;
import org.offlinepacks.boundarydata.campaign.SosContact;

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

    /** A planner's new version of a form; older versions stay (entries made with them stay valid). */
    void addFormVersion(String campaignId, FormSchema form);

    /** A planner's localization for one locale, replacing the stored one. */
    void putLocalization(String campaignId, Localization localization);

    /** A planner's SOS contacts, replacing the campaign's. */
    void replaceSosContacts(String campaignId, List<SosContact> contacts);

    /**
     * A planner's points for one boundary: the points assigned to it now are replaced by these
     * (a point listed with another boundary is moved there; a point listed here that was another
     * boundary's is reassigned).
     */
    void replacePoints(String campaignId, String boundaryId, List<AssignedPoint> points);

    /** A boundary no longer in its campaign, and when it left. */
    record RetiredBoundary(String id, String parentId, java.time.Instant retiredAt) {}

    /** The campaign's retired boundaries. */
    List<RetiredBoundary> retiredBoundaries(String campaignId);

    /** Every version a boundary has had, oldest first. */
    List<String> versions(String boundaryId);

    @Override
    void close();
}
