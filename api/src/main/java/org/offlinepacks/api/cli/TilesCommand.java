package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cache.TileCache;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.pack.TilePackBuilder;
import org.offlinepacks.tilepacker.pack.TilePackResult;
import org.offlinepacks.tilepacker.source.MbtilesArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "tiles",
        mixinStandardHelpOptions = true,
        description = {
            "Builds a stand-alone MBTiles clipped to a boundary, from an XYZ tile server (through the shared"
                    + " tile cache) or a local MBTiles (mbtiles:PATH).",
            "The file appears only when complete; a failed run leaves nothing at --out. A file that lacks zooms"
                    + " asked for, or attribution, is written with a WARNING line on stderr.",
        })
final class TilesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BoundaryOptions boundary = new BoundaryOptions();

    @Option(
            names = "--source",
            required = true,
            paramLabel = "SOURCE",
            description = "XYZ URL template ({z} {x} {y} {-y} {s}) or mbtiles:PATH.")
    String source;

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

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The MBTiles to write.")
    Path out;

    @Option(
            names = "--max-tiles",
            paramLabel = "N",
            defaultValue = "50000",
            description = "Refuse covers with more tiles (default: ${DEFAULT-VALUE}).")
    long maxTiles;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description =
                    "Data folder holding the shared tile cache DIR/tile-cache.sqlite (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "png, jpg, webp or pbf when the template's extension does not tell.")
    String format;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "0",
            description = "Most requests per second to one host, 0 for no limit (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "5",
            description = "Retries per tile on errors, 429 and 5xx (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(
            names = "--max-failure-ratio",
            paramLabel = "R",
            defaultValue = "0.01",
            description = "Share of tiles that may fail before the build is aborted (default: ${DEFAULT-VALUE}).")
    double maxFailureRatio;

    @Option(
            names = "--cache-max-age-hours",
            paramLabel = "H",
            defaultValue = "720",
            description = "Cached tiles older than this are revalidated (default: ${DEFAULT-VALUE}).")
    long cacheMaxAgeHours;

    @Option(names = "--name", paramLabel = "NAME", description = "The MBTiles name (default: the file name).")
    String name;

    @Option(
            names = "--attribution",
            paramLabel = "TEXT",
            description = "Attribution for the MBTiles (default: what the source declares: an mbtiles source's"
                    + " metadata, a tile server's TileJSON).")
    String attribution;

    @Option(
            names = "--tilejson",
            paramLabel = "URL",
            description = "TileJSON of the tile server, for the attribution and (pbf) the vector_layers"
                    + " (default: tiles.json at the template's root, as serve-tiles offers).")
    String tileJsonUrl;

    @Override
    public Integer call() throws Exception {
        TilePackConfig config = TilePackConfig.builder(source, minZoom, maxZoom)
                .format(
                        format == null
                                ? null
                                : TileFormat.fromName(format)
                                        .orElseThrow(() ->
                                                new IllegalArgumentException("--format must be png, jpg, webp or pbf")))
                .bufferM(boundary.bufferM)
                .maxTiles(maxTiles)
                .concurrency(concurrency)
                .requestsPerSecondPerHost(rate)
                .retries(retries, Duration.ofMillis(250), Duration.ofSeconds(30))
                .maxFailureRatio(maxFailureRatio)
                .cacheMaxAge(Duration.ofHours(cacheMaxAgeHours))
                .name(name != null ? name : out.getFileName().toString().replaceFirst("\\.mbtiles$", ""))
                .attribution(attribution)
                .tileJsonUrl(tileJsonUrl)
                .build();
        boolean fromServer = !(config.sourceSpec() instanceof MbtilesArchive);
        TilePackResult result;
        try (TileCache cache = fromServer ? TileCache.open(TileCache.fileIn(dataDir)) : null) {
            result = new TilePackBuilder(config, cache)
                    .build(
                            boundary.read(spec.commandLine().getErr()),
                            out,
                            new ConsoleProgress(spec.commandLine().getErr()));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                "%s: %d tiles (%d not in the source), %d bytes in %.1f s%n",
                result.file(),
                result.tilesWritten(),
                result.tilesMissing(),
                result.bytes(),
                result.duration().toMillis() / 1000.0);
        StringBuilder perZoom = new StringBuilder("  tiles per zoom:");
        result.tilesByZoom()
                .forEach((z, n) -> perZoom.append(" z").append(z).append(' ').append(n));
        stdout.println(perZoom);
        if (result.fetchStats() != null) {
            stdout.println("  " + result.fetchStats());
        }
        stdout.flush();
        return 0;
    }
}
