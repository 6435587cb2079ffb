package org.offlinepacks.routing.pack;

import com.carrotsearch.hppc.LongHashSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.geojson.Antimeridian;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.clip.ClipArea;
import org.offlinepacks.routing.clip.ClipResult;
import org.offlinepacks.routing.clip.ExtractIndex;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.extract.RouteWayCollector;
import org.offlinepacks.routing.graph.GraphArchive;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.matrix.RouteMatrixCalculator;
import org.offlinepacks.routing.snap.PointSnap;
import org.offlinepacks.routing.snap.PointSnapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the routing part of one boundary's pack: find on the whole extract's (cached) graph the
 * ways of the routes the pack will hold, clip the extract (through its cached index, so only what
 * lies near the boundary is read) to the buffered boundary plus those ways,
 * import it with GraphHopper, snap the assigned points, compute the routes, and write {@code
 * routing.ghz}, {@code routing.json} and {@code routes.json}. So the pack routes every pair the
 * whole extract routes, with the same route, even one that leaves the buffer and comes back.
 * GraphHopper's working folders stay in the work folder; only the zipped graph goes to the output
 * folder.
 */
public final class RoutingPackBuilder {
    public static final String GHZ_FILE_NAME = "routing.ghz";
    private static final Logger LOG = LoggerFactory.getLogger(RoutingPackBuilder.class);

    private final RoutingPackConfig config;
    private final GraphImporter importer;
    private final ExtractGraphCache extractGraphs;

    /** @param extractGraphs where the whole extract's graph is kept between builds */
    public RoutingPackBuilder(RoutingPackConfig config, ExtractGraphCache extractGraphs) {
        this.config = config;
        this.importer = new GraphImporter(config);
        this.extractGraphs = extractGraphs;
    }

    /**
     * @param outDir receives the three files
     * @param workDir an empty folder for the clipped extract and GraphHopper's graph folder; the
     *     caller deletes it
     * @throws NoRoadException when the boundary's routing area has no road (nothing is written)
     */
    public RoutingPackResult build(
            Path osmFile,
            Boundary boundary,
            List<AssignedPoint> points,
            Path outDir,
            Path workDir,
            ProgressListener progress)
            throws IOException {
        long start = System.nanoTime();
        if (Antimeridian.crosses(boundary.geometry())) {
            throw new IllegalArgumentException("boundary " + boundary.id() + " lies across the antimeridian (180°):"
                    + " a routing pack cannot span it (GraphHopper's graph does not wrap round at 180°, and OSM ways"
                    + " stop there). Split it at 180° into two boundaries, one on each side (RFC 7946 §3.1.9),"
                    + " each with its own pack.");
        }
        LOG.info(
                "routing pack for boundary {}: {} points, profiles {}",
                boundary.id(),
                points.size(),
                config.profileNames());
        Files.createDirectories(outDir);
        Files.createDirectories(workDir);
        ClipArea area = ClipArea.around(boundary.geometry(), config.bufferM());
        LongHashSet routeWays = routeWays(osmFile, area, points, progress);
        ClipResult clip;
        try (ExtractIndex index = extractGraphs.index(osmFile, progress)) {
            clip = index.clip(area, routeWays, workDir.resolve("clip.osm.pbf"), progress);
        }
        if (clip.ways() == 0) {
            throw new NoRoadException("boundary " + boundary.id() + " has no road within " + (int) config.bufferM()
                    + " m: " + osmFile.getFileName() + " has no way there (a place without a mapped road, or an extract"
                    + " that does not cover it)");
        }

        Path graphFolder = workDir.resolve("graph");
        Path ghzFile = outDir.resolve(GHZ_FILE_NAME);
        Path manifestFile = outDir.resolve(RoutingManifest.FILE_NAME);
        Path routesFile = outDir.resolve(RoutesJsonWriter.FILE_NAME);
        RoutingManifest manifest;
        List<ProfileRoutes> allRoutes = new ArrayList<>();
        try (RoutingGraph graph = importGraph(clip, graphFolder, boundary, osmFile, progress)) {
            manifest = importer.manifestOf(graph, clip.dataTimestamp(), GHZ_FILE_NAME);
            PointSnapper snapper = new PointSnapper(graph, area, config.maxSnapDistanceM());
            RouteMatrixCalculator calculator = new RouteMatrixCalculator(graph);
            for (String profile : config.profileNames()) {
                List<PointSnap> snaps = snapper.snap(profile, points);
                allRoutes.add(calculator.computeRoutes(profile, snaps, config.fullMatrixLimit(), progress));
            }
        }
        long ghzBytes = GraphArchive.zipFolder(graphFolder, ghzFile);
        manifest.write(manifestFile);
        RoutesJsonWriter.write(routesFile, boundary.id(), allRoutes);
        LOG.info(
                "routing pack for boundary {} written to {}: routing.ghz {} bytes, routes.json {} bytes in {} ms",
                boundary.id(),
                outDir,
                ghzBytes,
                Files.size(routesFile),
                (System.nanoTime() - start) / 1_000_000);
        return new RoutingPackResult(ghzFile, manifestFile, routesFile, manifest, clip, allRoutes);
    }

    /**
     * The pack's graph of the clipped extract; a {@link NoRoadException} when none of the clip's
     * ways is a road (GraphHopper refuses a graph without an edge: "Graph after reading OSM must
     * not be empty").
     */
    private RoutingGraph importGraph(
            ClipResult clip, Path graphFolder, Boundary boundary, Path osmFile, ProgressListener progress)
            throws IOException {
        String noRoad =
                "boundary " + boundary.id() + " has no road within " + (int) config.bufferM() + " m: none of the "
                        + clip.ways() + " ways of " + osmFile.getFileName() + " there is a road for the profiles "
                        + config.profileNames();
        RoutingGraph graph;
        try {
            graph = importer.importGraph(clip.output(), graphFolder, clip.dataTimestamp(), progress);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("must not be empty")) {
                throw new NoRoadException(noRoad);
            }
            throw e;
        }
        if (graph.edges() == 0) {
            graph.close();
            throw new NoRoadException(noRoad);
        }
        return graph;
    }

    /** The OSM ways of the pack's routes, found on the whole extract with the pack's snapping rules. */
    private LongHashSet routeWays(Path osmFile, ClipArea area, List<AssignedPoint> points, ProgressListener progress)
            throws IOException {
        LongHashSet wayIds = new LongHashSet();
        try (RoutingGraph extractGraph = extractGraphs.open(osmFile, config, progress)) {
            PointSnapper snapper = new PointSnapper(extractGraph, area, config.maxSnapDistanceM());
            RouteWayCollector collector = new RouteWayCollector(extractGraph);
            for (String profile : config.profileNames()) {
                collector.collect(profile, snapper.snap(profile, points), config.fullMatrixLimit(), wayIds, progress);
            }
        }
        return wayIds;
    }
}
