package org.offlinepacks.api.bundle;

import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.RoutingDefaults;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.Folders;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.RoutingProfile;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.offlinepacks.routing.pack.NoRoadException;
import org.offlinepacks.routing.pack.RoutesJsonWriter;
import org.offlinepacks.routing.pack.RoutingPackBuilder;
import org.offlinepacks.routing.pack.RoutingPackResult;

/**
 * The routing parts: {@code routing.ghz} (the GraphHopper graph of the boundary, zipped),
 * {@code routing.json} (what a device needs to load it) and {@code routes.json} (snapped points and
 * routes), from the campaign's routing defaults; no parts when the campaign has none. A profile
 * that is not built in ({@code foot}, {@code car}) is read from
 * {@code <campaign>/routing-profiles/<name>.json}. GraphHopper works in a temporary folder under
 * the data folder, deleted afterwards; only the zipped graph reaches the pack. The whole extract's
 * graph, on which the routes the pack must keep are found, is cached in {@code DATA/routing-cache}
 * and shared by every build of this writer (builds of the same graph wait for each other). A
 * boundary with no road in its routing area gets no routing parts and a warning, or fails when the
 * campaign requires routing ({@code packDefaults.routing.required}).
 */
public final class RoutingPartWriter implements PartWriter {
    public static final String PROFILE_FOLDER = "routing-profiles";
    public static final String GRAPH_PART = "routing-graph";
    public static final String MANIFEST_PART = "routing";
    public static final String ROUTES_PART = "routes";
    /** The progress step of the routing parts, under which their warnings are reported. */
    public static final String STEP = "routing";

    /** GraphHopper's own mapper: custom models need its serializers. */
    private static final com.fasterxml.jackson.databind.ObjectMapper GRAPHHOPPER_JSON =
            com.graphhopper.jackson.Jackson.newObjectMapper();

    private final BuildOptions options;
    private final ExtractGraphCache extractGraphs;

    public RoutingPartWriter(BuildOptions options) {
        this.options = options;
        this.extractGraphs = ExtractGraphCache.inDataFolder(options.dataDir());
    }

    @Override
    public String name() {
        return "routing";
    }

    @Override
    public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
        Campaign campaign = input.campaign();
        Optional<RoutingDefaults> defaults = campaign.settings().routingDefaults();
        if (defaults.isEmpty()) {
            return List.of();
        }
        RoutingPackConfig config = config(campaign, defaults.get());
        Path workRoot = Files.createDirectories(options.dataDir().resolve("work"));
        Path work = Files.createTempDirectory(workRoot, "routing-");
        RoutingPackResult result;
        try {
            result = new RoutingPackBuilder(config, extractGraphs)
                    .build(defaults.get().osmFile(), input.boundary(), input.points(), stagingDir, work, progress);
        } catch (NoRoadException e) {
            if (defaults.get().required()) {
                throw new NoRoadException(
                        e.getMessage() + "; the campaign requires routing (packDefaults.routing.required)");
            }
            progress.warn(STEP, e.getMessage() + ": the pack carries no routing");
            return List.of();
        } finally {
            Folders.deleteTree(work);
        }
        String source =
                "routing: OpenStreetMap extract " + defaults.get().osmFile().getFileName() + " (data of "
                        + result.manifest().osmDataTimestamp() + "), GraphHopper " + Constants.VERSION;
        return List.of(
                new PackPart(GRAPH_PART, RoutingPackBuilder.GHZ_FILE_NAME, "application/zip", source),
                new PackPart(MANIFEST_PART, RoutingManifest.FILE_NAME, "application/json", source),
                new PackPart(ROUTES_PART, RoutesJsonWriter.FILE_NAME, "application/json", source));
    }

    /**
     * The boundary's version, its points, the routing configuration and the extract (path, size,
     * date): a forms, texts or SOS change leaves them alone, so the graph is not imported again.
     */
    @Override
    public Optional<String> inputsKey(PackInput input) throws IOException {
        Optional<RoutingDefaults> defaults = input.campaign().settings().routingDefaults();
        if (defaults.isEmpty()) {
            return Optional.empty();
        }
        Path extract = defaults.get().osmFile();
        List<Object> points = input.points().stream()
                .sorted(java.util.Comparator.comparing(org.offlinepacks.boundarydata.campaign.AssignedPoint::id))
                .map(p -> (Object) List.of(p.id(), p.kind(), p.lon(), p.lat()))
                .toList();
        RoutingPackConfig config = config(input.campaign(), defaults.get());
        List<Object> profiles = config.profiles().stream()
                .map(p -> (Object) List.of(p.name(), GRAPHHOPPER_JSON.valueToTree(p.customModel()), p.encodedValues()))
                .toList();
        return Optional.of(InputsKey.of(
                "routing/1",
                input.boundary().version(),
                points,
                profiles,
                List.of(
                        config.bufferM(),
                        config.fullMatrixLimit(),
                        config.maxSnapDistanceM(),
                        config.segmentSizeBytes(),
                        config.minNetworkSize(),
                        defaults.get().required()),
                List.of(
                        extract.toAbsolutePath().toString(),
                        Files.size(extract),
                        Files.getLastModifiedTime(extract).toMillis()),
                Constants.VERSION));
    }

    static RoutingPackConfig config(Campaign campaign, RoutingDefaults defaults) throws IOException {
        Path profileFolder =
                campaign.folder() == null ? null : campaign.folder().resolve(PROFILE_FOLDER);
        return RoutingPackConfig.withProfiles(RoutingProfile.resolve(defaults.profiles(), profileFolder))
                .withBufferM(defaults.bufferM())
                .withFullMatrixLimit(defaults.fullMatrixLimit());
    }
}
