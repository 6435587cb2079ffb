package org.offlinepacks.api.planning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.offlinepacks.api.bundle.BuildOptions;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.TilesPartWriter;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.RoutingDefaults;
import org.offlinepacks.boundarydata.campaign.TileDefaults;
import org.offlinepacks.boundarydata.validation.ValidationReport;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.source.MbtilesArchive;

/**
 * What a planner's new geometry would do to the boundary's pack that is most likely a mistake
 * (lon and lat swapped, the wrong file, a polygon in the wrong place): the new geometry shares no
 * area with the current one, the tile archive has no tile in its cover, or none of the boundary's
 * assigned points lies in its routing area. Each is an error unless the planner confirmed its code,
 * then a warning. Only what is cheap before a build is checked: the cover and the archive's index
 * for tiles (a tile server cannot be asked without fetching, so XYZ sources are not checked), and
 * point-in-polygon for the points (not snapping, which needs the graph).
 */
public final class GeometryChangeChecker {
    public static final String NO_SHARED_AREA = "no-shared-area";
    public static final String NO_TILES = "no-tiles";
    public static final String NO_POINTS_INSIDE = "no-points-inside";
    public static final String LOOKS_SWAPPED = "lon-lat-swapped";
    /** The codes a planner may confirm with {@code ?confirm=}. */
    public static final Set<String> CONFIRMABLE = Set.of(NO_SHARED_AREA, NO_TILES, NO_POINTS_INSIDE);

    private final BuildOptions options;

    public GeometryChangeChecker(BuildOptions options) {
        this.options = options;
    }

    /**
     * Adds to {@code report} an issue per risk of replacing the boundary of {@code current} by
     * {@code next}: an error when its code is not in {@code confirmed}, a warning when it is.
     */
    public void check(PackInput current, Geometry next, Set<String> confirmed, String file, ValidationReport report) {
        Geometry previous = current.boundary().geometry();
        Risks risks = new Risks(confirmed, file, report);
        boolean sharesArea = sharesArea(previous, next);
        if (!sharesArea) {
            risks.add(
                    NO_SHARED_AREA,
                    "the new geometry shares no area with the current version "
                            + current.boundary().version()
                            + String.format(
                                    Locale.ROOT, " (their centres are %.1f km apart)", kmBetween(previous, next)));
        }
        Optional<RoutingDefaults> routing = current.campaign().settings().routingDefaults();
        List<AssignedPoint> points = current.points();
        int inside = 0;
        if (routing.isPresent() && !points.isEmpty()) {
            inside = pointsIn(next, routing.get().bufferM(), points);
            if (inside == 0 && pointsIn(previous, routing.get().bufferM(), points) > 0) {
                risks.add(
                        NO_POINTS_INSIDE,
                        "none of the boundary's " + points.size() + " assigned points lies inside the new geometry"
                                + " (with the routing buffer of "
                                + Math.round(routing.get().bufferM())
                                + " m), so the routing pack would have no snapped point");
            }
        }
        Optional<TileDefaults> tiles = current.campaign().settings().tileDefaults();
        if (tiles.isPresent()) {
            TilePackConfig config = new TilesPartWriter(options)
                    .config(current.campaign(), tiles.get(), current.boundary().name());
            if (archiveHasNoTile(config, next) && !archiveHasNoTile(config, previous)) {
                risks.add(
                        NO_TILES,
                        "the tile archive "
                                + ((MbtilesArchive) config.sourceSpec()).path().getFileName()
                                + " has no tile in the new geometry's cover at zoom " + config.minZoom() + "-"
                                + config.maxZoom() + ", so the pack would have an empty map");
            }
        }
        if (risks.any()) {
            swapHint(previous, next, points).ifPresent(hint -> report.warning(LOOKS_SWAPPED, file, "", hint));
        }
    }

    /** The tiles of a cover per zoom, the total, its estimated size, and the campaign's budget. */
    public record TileCount(
            java.util.Map<Integer, Long> byZoom, long total, long estimatedBytes, long maxTiles, boolean overBudget) {}

    /**
     * The tile cover of {@code next} with the campaign's tile settings: counted exactly, its size
     * estimated from the archive's tiles (a sample per zoom) or, for a tile server, from the
     * format's typical size (no server is asked). Empty when the campaign has no tiles.
     */
    public Optional<TileCount> estimate(PackInput current, Geometry next) {
        Optional<TileDefaults> tiles = current.campaign().settings().tileDefaults();
        if (tiles.isEmpty()) {
            return Optional.empty();
        }
        TilePackConfig config = new TilesPartWriter(options)
                .config(current.campaign(), tiles.get(), current.boundary().name());
        PackCover cover = CoverPlanner.plan(next, config.minZoom(), config.maxZoom(), config.bufferM());
        org.offlinepacks.tilepacker.pack.TileEstimate estimate;
        if (config.sourceSpec() instanceof MbtilesArchive && cover.count() <= config.maxTiles()) {
            try (org.offlinepacks.tilepacker.source.TileSource source =
                    org.offlinepacks.tilepacker.source.TileSources.open(config, null, java.time.Clock.systemUTC())) {
                estimate = org.offlinepacks.tilepacker.pack.TileEstimator.estimate(
                        cover, source, org.offlinepacks.tilepacker.pack.TileEstimator.DEFAULT_SAMPLES_PER_ZOOM);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the tile archive of " + current.boundary().id(), e);
            }
        } else {
            estimate = org.offlinepacks.tilepacker.pack.TileEstimator.estimate(
                    cover, org.offlinepacks.tilepacker.format.TileFormat.PNG);
        }
        return Optional.of(new TileCount(
                new java.util.TreeMap<>(estimate.countsByZoom()),
                estimate.total(),
                estimate.estimatedBytes(),
                config.maxTiles(),
                estimate.total() > config.maxTiles()));
    }

    private static boolean sharesArea(Geometry a, Geometry b) {
        return a.getEnvelopeInternal().intersects(b.getEnvelopeInternal()) && a.relate(b, "T********");
    }

    private static int pointsIn(Geometry boundary, double bufferM, List<AssignedPoint> points) {
        ClipArea area = ClipArea.around(boundary, bufferM);
        return (int) points.stream()
                .filter(p -> area.containsLonLat(p.lon(), p.lat()))
                .count();
    }

    /**
     * True only when the source is a local archive whose index holds no tile of the cover; false
     * when a tile is found, when the source is a server, or when the cover is over the budget (the
     * build refuses that with its own message).
     */
    private static boolean archiveHasNoTile(TilePackConfig config, Geometry boundary) {
        if (!(config.sourceSpec() instanceof MbtilesArchive archive)) {
            return false;
        }
        PackCover cover = CoverPlanner.plan(boundary, config.minZoom(), config.maxZoom(), config.bufferM());
        if (cover.count() > config.maxTiles()) {
            return false;
        }
        try (MbtilesReader reader = MbtilesReader.open(archive.path())) {
            for (TileCover zoom : cover.byZoom()) {
                for (TileId tile : zoom.tiles()) {
                    if (reader.tile(tile).isPresent()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tile archive " + archive.path(), e);
        }
    }

    /**
     * A hint when the geometry with lon and lat exchanged would lie where the boundary's points
     * are, or over its current version.
     */
    private static Optional<String> swapHint(Geometry previous, Geometry next, List<AssignedPoint> points) {
        Envelope bounds = next.getEnvelopeInternal();
        if (bounds.getMinX() < -90 || bounds.getMaxX() > 90) {
            return Optional.empty(); // swapped, the longitudes would be latitudes out of range
        }
        Geometry swapped = next.copy();
        swapped.apply((CoordinateFilter) c -> {
            double x = c.x;
            c.x = c.y;
            c.y = x;
        });
        swapped.geometryChanged();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(swapped);
        long pointsInSwapped = points.stream()
                .filter(p -> prepared.covers(swapped.getFactory().createPoint(new Coordinate(p.lon(), p.lat()))))
                .count();
        if (pointsInSwapped > 0) {
            return Optional.of("lon and lat look swapped: with them exchanged the geometry would hold "
                    + pointsInSwapped + " of the boundary's " + points.size()
                    + " points; GeoJSON positions are [lon, lat]");
        }
        if (sharesArea(previous, swapped)) {
            return Optional.of("lon and lat look swapped: with them exchanged the geometry would overlap the current"
                    + " version; GeoJSON positions are [lon, lat]");
        }
        return Optional.empty();
    }

    private static double kmBetween(Geometry a, Geometry b) {
        Coordinate p = a.getEnvelopeInternal().centre();
        Coordinate q = b.getEnvelopeInternal().centre();
        double lat1 = Math.toRadians(p.y);
        double lat2 = Math.toRadians(q.y);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(q.x - p.x);
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The report, with each risk an error unless confirmed. */
    private static final class Risks {
        private final Set<String> confirmed;
        private final String file;
        private final ValidationReport report;
        private boolean any;

        Risks(Set<String> confirmed, String file, ValidationReport report) {
            this.confirmed = confirmed;
            this.file = file;
            this.report = report;
        }

        void add(String code, String message) {
            any = true;
            if (confirmed.contains(code)) {
                report.warning(code, file, "", message + " (confirmed)");
            } else {
                report.error(code, file, "", message + "; if that is meant, send it again with ?confirm=" + code);
            }
        }

        boolean any() {
            return any;
        }
    }
}
