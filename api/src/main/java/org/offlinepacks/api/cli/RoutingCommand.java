package org.offlinepacks.api.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.PointReader;
import org.offlinepacks.routing.Folders;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.RoutingProfile;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.matrix.ProfileRoutes;
import org.offlinepacks.routing.pack.RoutingPackBuilder;
import org.offlinepacks.routing.pack.RoutingPackResult;
import org.offlinepacks.routing.snap.PointSnap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "routing",
        mixinStandardHelpOptions = true,
        description = {
            "Builds a stand-alone routing pack for one boundary: routing.ghz (GraphHopper graph of the"
                    + " OSM extract clipped to the buffered boundary, plus the ways of the pack's routes that"
                    + " leave it, CH per profile), routing.json and routes.json (snapped points, facility ->"
                    + " point routes with geometry, full matrix under a size limit).",
            "Points that cannot be snapped are reported in routes.json and do not fail the pack."
        })
final class RoutingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--osm", required = true, paramLabel = "FILE", description = "The OSM extract (.osm.pbf or .osm).")
    Path osmFile;

    @Option(
            names = "--boundary-file",
            required = true,
            paramLabel = "FILE",
            description = "GeoJSON FeatureCollection of boundaries (properties.id).")
    Path boundaryFile;

    @Option(
            names = "--boundary-id",
            paramLabel = "ID",
            description = "The boundary to build for; may be left out when the file holds one boundary.")
    String boundaryId;

    @Option(
            names = "--points",
            required = true,
            paramLabel = "FILE",
            description = "GeoJSON points (properties id, kind = facility|household, boundary).")
    Path pointsFile;

    @Option(
            names = "--all-points",
            description = "Route every point of the file, not only those whose `boundary` is the boundary id.")
    boolean allPoints;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the three files are written.")
    Path outDir;

    @Option(
            names = "--profiles",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "foot,car",
            description = "GraphHopper profiles (default: ${DEFAULT-VALUE}).")
    List<String> profiles;

    @Option(
            names = "--profile-dir",
            paramLabel = "DIR",
            description = "Folder of NAME.json custom profiles ({\"encodedValues\": [...], \"customModel\": {...}}).")
    Path profileDir;

    @Option(
            names = "--buffer-m",
            paramLabel = "METRES",
            defaultValue = "3000",
            description = "Roads are kept this far around the boundary (default: ${DEFAULT-VALUE}).")
    double bufferM;

    @Option(
            names = "--full-matrix-limit",
            paramLabel = "N",
            defaultValue = "300",
            description = "Compute the point-to-point matrix up to N snapped points (default: ${DEFAULT-VALUE}).")
    int fullMatrixLimit;

    @Option(
            names = "--max-snap-m",
            paramLabel = "METRES",
            defaultValue = "500",
            description = "Points farther than this from a usable road are not snapped (default: ${DEFAULT-VALUE}).")
    double maxSnapM;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Data folder holding the graph of the whole extract, DIR/routing-cache, imported once per"
                    + " extract version (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        Boundary boundary = selectBoundary(BoundaryReader.readFile(boundaryFile));
        List<AssignedPoint> points = PointReader.readFile(pointsFile).stream()
                .filter(p -> allPoints || boundary.id().equals(p.boundaryId()))
                .toList();
        RoutingPackConfig config = RoutingPackConfig.withProfiles(RoutingProfile.resolve(profiles, profileDir))
                .withBufferM(bufferM)
                .withFullMatrixLimit(fullMatrixLimit)
                .withMaxSnapDistanceM(maxSnapM);
        Path work = Files.createTempDirectory("offline-packs-routing-");
        RoutingPackResult result;
        try {
            result = new RoutingPackBuilder(config, ExtractGraphCache.inDataFolder(dataDir))
                    .build(osmFile, boundary, points, outDir, work, new ConsoleProgress());
        } finally {
            Folders.deleteTree(work);
        }
        printSummary(result, spec.commandLine().getOut());
        return 0;
    }

    private Boundary selectBoundary(List<Boundary> boundaries) {
        if (boundaryId == null) {
            if (boundaries.size() != 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        boundaryFile + " holds " + boundaries.size() + " boundaries: choose one with --boundary-id ("
                                + boundaries.stream().map(Boundary::id).toList() + ")");
            }
            return boundaries.get(0);
        }
        return boundaries.stream()
                .filter(b -> b.id().equals(boundaryId))
                .findFirst()
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "boundary " + boundaryId + " is not in " + boundaryFile + " (it has "
                                + boundaries.stream().map(Boundary::id).toList() + ")"));
    }

    private static void printSummary(RoutingPackResult result, PrintWriter out) throws IOException {
        out.printf(
                Locale.ROOT,
                "routing.ghz %,d bytes (%,d nodes, %,d edges; %,d ways beyond the buffer kept for routes that"
                        + " leave it), routes.json %,d bytes%n",
                Files.size(result.ghzFile()),
                result.manifest().nodes(),
                result.manifest().edges(),
                result.clip().routeWays(),
                Files.size(result.routesFile()));
        for (ProfileRoutes routes : result.routes()) {
            long snapped = routes.points().stream().filter(PointSnap::isSnapped).count();
            long reachable = routes.facilityRoutes().stream()
                    .filter(ProfileRoutes.FacilityRoute::isReachable)
                    .count();
            out.printf(
                    Locale.ROOT,
                    "%s: %d of %d points snapped, %d of %d facility routes reachable, full matrix %s%n",
                    routes.profile(),
                    snapped,
                    routes.points().size(),
                    reachable,
                    routes.facilityRoutes().size(),
                    routes.fullMatrix() == null ? "skipped" : snapped + "x" + snapped);
            routes.points().stream()
                    .filter(p -> !p.isSnapped())
                    .forEach(p -> out.printf(
                            Locale.ROOT,
                            "  not snapped: %s (%s)%n",
                            p.point().id(),
                            p.failure().code()));
        }
        out.println(result.ghzFile().getParent().toAbsolutePath());
    }
}
