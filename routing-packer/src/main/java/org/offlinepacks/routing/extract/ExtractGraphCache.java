package org.offlinepacks.routing.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.graphhopper.jackson.Jackson;
import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.Folders;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.RoutingProfile;
import org.offlinepacks.routing.clip.ExtractIndex;
import org.offlinepacks.routing.clip.ExtractIndexBuilder;
import org.offlinepacks.routing.clip.OsmClipper;
import org.offlinepacks.routing.graph.GraphImporter;
import org.offlinepacks.routing.graph.GraphLoader;
import org.offlinepacks.routing.graph.RoutingGraph;
import org.offlinepacks.routing.graph.RoutingManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GraphHopper graph of a whole OSM extract, imported once per extract version and set of
 * profiles and kept in a cache folder ({@code DATA/routing-cache}):
 *
 * <pre>
 * routing-cache/SHA256/              one folder per extract version ({@link ExtractVersion})
 *   extract.json                     file name, size and hash of that version, for people and clean-up
 *   graph-PROFILES-CONFIGHASH/       the graph for one set of profiles (names, custom models,
 *                                    encoded values), minimum network size and GraphHopper version
 *   osm-index-1/                     the extract indexed for clipping ({@link ExtractIndex})
 * </pre>
 *
 * <p>The graph is stored and read memory-mapped, so a build touches the pages near its boundary
 * rather than loading a country's graph. An extract's version is its content hash, computed once
 * per file state (path, size, modification time) in this cache's life.
 *
 * <p>A graph is imported into a {@code .building-PID-…} folder beside its final place and renamed
 * when complete, so a reader never sees half a graph, and two processes that race both succeed (the
 * second rename finds the graph there and its own copy is dropped). In one JVM, builds of the same
 * graph wait for each other instead of importing it twice. Folders of processes that died while
 * building are removed by the next build of that version. A cached graph that does not load is
 * imported again: it is derived data.
 */
public final class ExtractGraphCache {
    public static final String FOLDER_NAME = "routing-cache";
    static final String EXTRACT_JSON = "extract.json";
    private static final String BUILDING_PREFIX = ".building-";
    private static final Logger LOG = LoggerFactory.getLogger(ExtractGraphCache.class);
    private static final ObjectMapper SORTED_JSON =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectMapper GRAPHHOPPER_JSON = Jackson.newObjectMapper();

    private final Path root;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private final Map<List<Object>, ExtractVersion> versions = new ConcurrentHashMap<>();
    /**
     * Graphs loaded in this cache's life, by extract path and graph folder name: memory-mapped and
     * kept for the next packs (loading a country's graph for every village would cost more than its
     * routing); a newer version of the extract retires the one before.
     */
    private final Map<List<String>, Loaded> loaded = new ConcurrentHashMap<>();
    /** Imports that failed in this cache's life, by graph folder: not tried again for every pack. */
    private final Map<Path, String> failedImports = new ConcurrentHashMap<>();

    public ExtractGraphCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache of a data folder: {@code DATA/routing-cache}. */
    public static ExtractGraphCache inDataFolder(Path dataDir) {
        return new ExtractGraphCache(dataDir.resolve(FOLDER_NAME));
    }

    public Path root() {
        return root;
    }

    /** The folder of one extract version, where everything derived from that version is kept. */
    public Path versionFolder(ExtractVersion version) {
        return root.resolve(version.sha256());
    }

    /**
     * The whole extract's graph for the profiles of {@code config}, imported first when this version
     * of the extract has none yet (progress step {@code extract-import}); loaded once and kept for
     * later calls: closing the returned graph leaves it loaded until a newer version of the extract
     * at the same path is opened.
     */
    public RoutingGraph open(Path osmFile, RoutingPackConfig config, ProgressListener progress) throws IOException {
        ExtractVersion version = version(osmFile);
        Path versionFolder = versionFolder(version);
        Path graphFolder = versionFolder.resolve(graphFolderName(config));
        List<String> key = List.of(
                osmFile.toAbsolutePath().normalize().toString(),
                graphFolder.getFileName().toString());
        synchronized (locks.computeIfAbsent(graphFolder, k -> new Object())) {
            Loaded kept = loaded.get(key);
            if (kept != null && kept.folder().equals(graphFolder)) {
                return kept.graph().handOut();
            }
            if (Files.isDirectory(graphFolder)) {
                try {
                    RoutingGraph graph = GraphLoader.loadExtractGraph(graphFolder, config.profiles());
                    LOG.info("whole-extract graph of {} from the cache {}", osmFile.getFileName(), graphFolder);
                    return keep(key, graphFolder, graph);
                } catch (IOException e) {
                    LOG.warn("the cached graph {} does not load ({}); importing it again", graphFolder, e.getMessage());
                    discard(graphFolder);
                }
            }
            String failed = failedImports.get(graphFolder);
            if (failed != null) {
                throw new IOException(failed + " (this import failed earlier in this run; not tried again)");
            }
            try {
                build(version, graphFolder, config, progress);
            } catch (IOException e) {
                failedImports.put(graphFolder, e.getMessage());
                throw e;
            }
            return keep(key, graphFolder, GraphLoader.loadExtractGraph(graphFolder, config.profiles()));
        }
    }

    private RoutingGraph keep(List<String> key, Path graphFolder, RoutingGraph graph) {
        KeptGraph kept = new KeptGraph(graph);
        RoutingGraph handle = kept.handOut();
        Loaded before = loaded.put(key, new Loaded(graphFolder, kept));
        if (before != null) {
            before.graph().retire();
        }
        return handle;
    }

    private record Loaded(Path folder, KeptGraph graph) {}

    /**
     * The extract indexed for clipping, built first when this version of the extract has none yet
     * (progress step {@code extract-index}); the caller closes it.
     */
    public ExtractIndex index(Path osmFile, ProgressListener progress) throws IOException {
        ExtractVersion version = version(osmFile);
        Path versionFolder = versionFolder(version);
        Path indexFolder = versionFolder.resolve(ExtractIndex.FORMAT);
        synchronized (locks.computeIfAbsent(indexFolder, k -> new Object())) {
            if (Files.isDirectory(indexFolder)) {
                try {
                    return ExtractIndex.open(indexFolder);
                } catch (IOException e) {
                    LOG.warn("the extract index {} does not open ({}); building it again", indexFolder, e.getMessage());
                    discard(indexFolder);
                }
            }
            Files.createDirectories(versionFolder);
            writeExtractJson(versionFolder, version);
            removeAbandonedBuilds(versionFolder);
            Path building = versionFolder.resolve(
                    BUILDING_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            try {
                ExtractIndexBuilder.build(version.file(), building, progress);
                try {
                    Files.move(building, indexFolder, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.isDirectory(indexFolder)) {
                        throw e;
                    }
                    LOG.info("another build indexed {} first; using it", indexFolder);
                }
            } finally {
                Folders.deleteTree(building);
            }
            return ExtractIndex.open(indexFolder);
        }
    }

    /**
     * The extract's version: its content hash, computed once per path, size, modification time
     * and file key while this cache lives (a country's extract takes seconds to hash, and every
     * pack of a campaign build asks).
     */
    ExtractVersion version(Path osmFile) throws IOException {
        Path file = osmFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return ExtractVersion.of(osmFile); // says what is missing
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        List<Object> state = Arrays.asList(
                file.toString(),
                attributes.size(),
                attributes.lastModifiedTime().toMillis(),
                attributes.fileKey());
        ExtractVersion known = versions.get(state);
        if (known != null) {
            return new ExtractVersion(osmFile, known.sizeBytes(), known.sha256());
        }
        ExtractVersion version = ExtractVersion.of(osmFile);
        versions.put(state, version);
        return version;
    }

    private void build(ExtractVersion version, Path graphFolder, RoutingPackConfig config, ProgressListener progress)
            throws IOException {
        Path versionFolder = graphFolder.getParent();
        Files.createDirectories(versionFolder);
        writeExtractJson(versionFolder, version);
        removeAbandonedBuilds(versionFolder);
        Path building =
                versionFolder.resolve(BUILDING_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            try (RoutingGraph graph =
                    new GraphImporter(config).importExtractGraph(version.file(), building, progress)) {
                LOG.info(
                        "cached the whole-extract graph of {} ({} edges) in {}",
                        version.file().getFileName(),
                        graph.edges(),
                        graphFolder);
            } catch (IOException e) {
                // GraphHopper's message for the usual cause says nothing of what to do
                OsmClipper.requireSorted(version.file());
                throw e;
            }
            try {
                Files.move(building, graphFolder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(graphFolder)) {
                    throw e;
                }
                LOG.info("another build cached {} first; using it", graphFolder);
            }
        } finally {
            Folders.deleteTree(building);
        }
    }

    private static void writeExtractJson(Path versionFolder, ExtractVersion version) throws IOException {
        Path file = versionFolder.resolve(EXTRACT_JSON);
        if (Files.exists(file)) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fileName", version.file().getFileName().toString());
        json.put("sizeBytes", version.sizeBytes());
        json.put("sha256", version.sha256());
        Path temporary = versionFolder.resolve(EXTRACT_JSON + "." + UUID.randomUUID() + ".tmp");
        SORTED_JSON.writeValue(temporary.toFile(), json);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the building folders of processes that are gone (killed during an import). */
    private static void removeAbandonedBuilds(Path versionFolder) throws IOException {
        List<Path> abandoned;
        try (Stream<Path> children = Files.list(versionFolder)) {
            abandoned = children.filter(p -> p.getFileName().toString().startsWith(BUILDING_PREFIX))
                    .filter(p -> !isAlive(builderPid(p)))
                    .toList();
        }
        for (Path folder : abandoned) {
            LOG.info("removing {}, left by a build that did not finish", folder);
            Folders.deleteTree(folder);
        }
    }

    private static long builderPid(Path buildingFolder) {
        String rest = buildingFolder.getFileName().toString().substring(BUILDING_PREFIX.length());
        try {
            return Long.parseLong(rest.substring(0, rest.indexOf('-')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean isAlive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void discard(Path graphFolder) throws IOException {
        Path trash = graphFolder.resolveSibling(BUILDING_PREFIX + "0-discarded-" + UUID.randomUUID());
        Files.move(graphFolder, trash, StandardCopyOption.ATOMIC_MOVE);
        Folders.deleteTree(trash);
    }

    /**
     * {@code graph-foot-car-} and a hash of everything that shapes the graph: GraphHopper's version
     * and storage formats, the minimum network size and each profile's custom model and encoded
     * values. Not the buffer, the snap distance or the segment size: a whole extract's graph does
     * not depend on them.
     */
    static String graphFolderName(RoutingPackConfig config) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("graphhopper", Constants.VERSION);
        identity.put("storage", RoutingManifest.currentStorageVersions());
        identity.put("minNetworkSize", config.minNetworkSize());
        for (RoutingProfile profile : config.profiles()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("encodedValues", profile.encodedValues());
            entry.put("customModel", GRAPHHOPPER_JSON.convertValue(profile.customModel(), Object.class));
            identity.put("profile " + profile.name(), entry);
        }
        try {
            byte[] canonical = SORTED_JSON.writeValueAsString(identity).getBytes(StandardCharsets.UTF_8);
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical))
                    .substring(0, 16);
            return "graph-" + String.join("-", config.profileNames()) + "-" + hash;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot describe the routing configuration: " + e.getMessage(), e);
        }
    }
}
