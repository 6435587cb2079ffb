package org.offlinepacks.routing.graph;

import com.graphhopper.GraphHopper;
import com.graphhopper.GraphHopperConfig;
import com.graphhopper.routing.ev.EncodedValue;
import com.graphhopper.util.Constants;
import com.graphhopper.util.shapes.BBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports OSM files with GraphHopper for every configured profile: a pack's clipped extract with CH
 * for each profile, or a whole extract (without CH) on which the routes a pack must keep are found.
 */
public final class GraphImporter {
    private static final Logger LOG = LoggerFactory.getLogger(GraphImporter.class);
    private static final String UNKNOWN_DATE = "1970-01-01T00:00:00Z";

    private final RoutingPackConfig config;

    public GraphImporter(RoutingPackConfig config) {
        this.config = config;
    }

    /**
     * Imports {@code osmFile} into the empty folder {@code graphFolder}; the caller closes the
     * returned graph.
     */
    public RoutingGraph importGraph(Path osmFile, Path graphFolder, Instant dataTimestamp, ProgressListener progress)
            throws IOException {
        String fixedDate = dataTimestamp == null ? UNKNOWN_DATE : dataTimestamp.toString();
        return importWith(
                GraphHopperFactory.config(config.profiles(), config.segmentSizeBytes(), graphFolder),
                graphFolder,
                config.segmentSizeBytes(),
                osmFile,
                fixedDate,
                "import",
                progress);
    }

    /**
     * Imports a whole extract into the empty folder {@code graphFolder} with {@link
     * GraphHopperFactory#extractConfig} (no CH, OSM way ids); the caller closes the returned graph,
     * and can then load the folder again with {@link GraphLoader#loadExtractGraph}. Progress step:
     * {@code extract-import}.
     */
    public RoutingGraph importExtractGraph(Path osmFile, Path graphFolder, ProgressListener progress)
            throws IOException {
        return importWith(
                GraphHopperFactory.extractConfig(config.profiles(), graphFolder),
                graphFolder,
                GraphHopperFactory.EXTRACT_SEGMENT_SIZE_BYTES,
                osmFile,
                UNKNOWN_DATE,
                "extract-import",
                progress);
    }

    private RoutingGraph importWith(
            GraphHopperConfig ghConfig,
            Path graphFolder,
            int segmentSizeBytes,
            Path osmFile,
            String fixedDate,
            String step,
            ProgressListener progress)
            throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(graphFolder);
        ghConfig.putObject("datareader.file", osmFile.toString());
        GraphHopper hopper = GraphHopperFactory.forImport(
                ghConfig, segmentSizeBytes, config.minNetworkSize(), fixedDate, step, progress);
        try {
            hopper.importOrLoad();
        } catch (RuntimeException e) {
            hopper.close();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String why = cause == e ? e.getMessage() : e.getMessage() + ": " + cause.getMessage();
            throw new IOException("GraphHopper could not import " + osmFile + ": " + why, e);
        }
        RoutingGraph graph = new RoutingGraph(hopper, config.profileNames());
        LOG.info(
                "{}: {} nodes, {} edges for profiles {} in {} ms",
                step,
                graph.nodes(),
                graph.edges(),
                config.profileNames(),
                (System.nanoTime() - start) / 1_000_000);
        return graph;
    }

    /** The routing.json of a graph this importer built. */
    public RoutingManifest manifestOf(RoutingGraph graph, Instant dataTimestamp, String graphFile) {
        BBox bounds = graph.hopper().getBaseGraph().getBounds();
        List<String> encodedValues = graph.hopper().getEncodingManager().getEncodedValues().stream()
                .map(EncodedValue::getName)
                .sorted()
                .toList();
        return new RoutingManifest(
                RoutingManifest.FORMAT,
                Constants.VERSION,
                RoutingManifest.currentStorageVersions(),
                graphFile,
                config.profiles().stream().map(RoutingManifest::entryOf).toList(),
                encodedValues,
                dataTimestamp == null ? null : dataTimestamp.toString(),
                List.of(bounds.minLon, bounds.minLat, bounds.maxLon, bounds.maxLat),
                config.bufferM(),
                config.segmentSizeBytes(),
                graph.nodes(),
                graph.edges());
    }
}
