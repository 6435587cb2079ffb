package org.offlinepacks.api.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.pack.TileEstimate;
import org.offlinepacks.tilepacker.pack.TileEstimator;
import org.offlinepacks.tilepacker.source.MbtilesArchive;
import org.offlinepacks.tilepacker.source.TileSource;
import org.offlinepacks.tilepacker.source.TileSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the tile count per zoom, the total and the estimated size of a boundary's tile pack,"
                    + " before anything is fetched.",
            "With --source, tile sizes are sampled from the source (a few tiles per zoom, kept in the cache)."
        })
final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BoundaryOptions boundary = new BoundaryOptions();

    @Option(
            names = "--min-zoom",
            required = true,
            paramLabel = "Z",
            description = "The lowest zoom level of the pack (0-24).")
    int minZoom;

    @Option(
            names = "--max-zoom",
            required = true,
            paramLabel = "Z",
            description = "The highest zoom level of the pack (at least --min-zoom, at most 24).")
    int maxZoom;

    @Option(
            names = "--source",
            paramLabel = "SOURCE",
            description = "XYZ URL template or mbtiles:PATH to sample tile sizes from.")
    String source;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "png",
            description = "Tile format for the typical size when no source is given (png, jpg, webp, pbf;"
                    + " default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--samples-per-zoom",
            paramLabel = "N",
            defaultValue = "" + TileEstimator.DEFAULT_SAMPLES_PER_ZOOM,
            description = "Tiles sampled per zoom with --source (default: ${DEFAULT-VALUE}).")
    int samplesPerZoom;

    @Option(
            names = "--max-tiles",
            paramLabel = "N",
            description = "A tile budget to compare with; the exit code is 3 when the cover is over it.")
    Long maxTiles;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Data folder holding the shared tile cache (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PackCover cover =
                CoverPlanner.plan(boundary.read(spec.commandLine().getErr()), minZoom, maxZoom, boundary.bufferM);
        TileEstimate estimate;
        if (source == null) {
            TileFormat tileFormat = TileFormat.fromName(format)
                    .orElseThrow(() -> new IllegalArgumentException("--format must be png, jpg, webp or pbf"));
            estimate = TileEstimator.estimate(cover, tileFormat);
        } else {
            TilePackConfig config = TilePackConfig.builder(source, minZoom, maxZoom)
                    .bufferM(boundary.bufferM)
                    .maxFailureRatio(1.0)
                    .build();
            boolean fromServer = !(config.sourceSpec() instanceof MbtilesArchive);
            try (TileCache cache = fromServer ? TileCache.open(TileCache.fileIn(dataDir)) : null;
                    TileSource tileSource = TileSources.open(config, cache, Clock.systemUTC())) {
                estimate = TileEstimator.estimate(cover, tileSource, samplesPerZoom);
            }
        }
        boolean overBudget = maxTiles != null && estimate.total() > maxTiles;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Long> perZoom = new LinkedHashMap<>();
            estimate.countsByZoom().forEach((z, n) -> perZoom.put(Integer.toString(z), n));
            doc.put("countsByZoom", perZoom);
            doc.put("total", estimate.total());
            doc.put("bytesPerTile", estimate.bytesPerTile());
            doc.put("estimatedBytes", estimate.estimatedBytes());
            doc.put("sampledTiles", estimate.sampledTiles());
            doc.put("bufferM", boundary.bufferM);
            if (maxTiles != null) {
                doc.put("maxTiles", maxTiles);
                doc.put("overBudget", overBudget);
            }
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(doc));
        } else {
            out.println(estimate.describe());
            if (maxTiles != null) {
                out.println(
                        overBudget
                                ? "  OVER the budget of " + maxTiles + " tiles"
                                : "  within the budget of " + maxTiles + " tiles");
            }
        }
        out.flush();
        return overBudget ? 3 : 0;
    }
}
