package org.offlinepacks.boundarydata.campaign;

/**
 * One boundary's exception to {@code packDefaults.tiles}, from {@code packOverrides} in
 * campaign.json: a village may want deeper zooms than its district. Null fields keep the
 * defaults. Checked when that boundary's pack is built ({@link TileDefaults#overriddenBy}), so that
 * a bad override fails its own pack, not the campaign.
 */
public record TileOverride(Integer minZoom, Integer maxZoom) {}
