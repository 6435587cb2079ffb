package org.offlinepacks.routing.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.RoutingProfile;
import org.offlinepacks.routing.TestNetworks;
import org.offlinepacks.routing.clip.ExtractIndex;
import org.offlinepacks.routing.graph.RoutingGraph;

class ExtractGraphCacheTest {
    private static final RoutingPackConfig CONFIG = RoutingPackConfig.defaults().withMinNetworkSize(0);

    @TempDir
    Path tmp;

    @Test
    void theSecondOpenLoadsTheCachedGraphWithoutImporting() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();

        Imports first = open(cache, extract, CONFIG);
        Imports second = open(cache, extract, CONFIG);

        assertEquals(1, first.count(), "the first open imports the extract");
        assertEquals(0, second.count(), "the second one loads it");
        assertEquals(first.edges(), second.edges());
        Path version = cache.versionFolder(ExtractVersion.of(extract));
        assertEquals(List.of("extract.json", "graph-foot-car-"), childrenWithoutHash(version));
        assertTrue(Files.readString(version.resolve("extract.json")).contains("\"fileName\":\"valley.osm\""));
    }

    @Test
    void anotherSetOfProfilesGetsItsOwnGraphOfTheSameVersion() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        open(cache, extract, CONFIG);

        Imports footOnly =
                open(cache, extract, RoutingPackConfig.withProfiles(RoutingProfile.builtIn(List.of("foot"))));

        assertEquals(1, footOnly.count());
        assertEquals(
                List.of("extract.json", "graph-foot-", "graph-foot-car-"),
                childrenWithoutHash(cache.versionFolder(ExtractVersion.of(extract))));
    }

    @Test
    void aChangedExtractIsAnotherVersionAndIsImportedAgain() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        ExtractVersion before = ExtractVersion.of(extract);
        Imports first = open(cache, extract, CONFIG);
        // a newer extract at the same path: the far street is gone
        String osm = Files.readString(extract);
        Files.writeString(extract, osm.substring(0, osm.indexOf("  <way id=\"499\">")) + "</osm>\n");

        Imports second = open(cache, extract, CONFIG);

        assertNotEquals(before.sha256(), ExtractVersion.of(extract).sha256());
        assertEquals(1, second.count(), "the new version is imported");
        assertEquals(first.edges() - 1, second.edges(), "from the new file");
        try (Stream<Path> versions = Files.list(cache.root())) {
            assertEquals(2, versions.count(), "one folder per version");
        }
    }

    @Test
    void aGraphIsLoadedOnceForAllPacksAndClosedWhenANewerVersionIsOpenedAndItsLastUserIsDone() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        RoutingGraph first = cache.open(extract, CONFIG, ProgressListener.NONE);
        RoutingGraph second = cache.open(extract, CONFIG, ProgressListener.NONE);

        first.close();

        assertSame(first.hopper(), second.hopper(), "loaded once");
        assertFalse(second.isClosed(), "kept loaded for the next packs");
        String osm = Files.readString(extract);
        Files.writeString(extract, osm.substring(0, osm.indexOf("  <way id=\"499\">")) + "</osm>\n");
        try (RoutingGraph newer = cache.open(extract, CONFIG, ProgressListener.NONE)) {
            assertNotSame(second.hopper(), newer.hopper());
            assertFalse(second.isClosed(), "a pack of the older version still routes on it");
            second.close();
            assertTrue(second.isClosed(), "the older version is closed after its last pack");
            assertFalse(newer.isClosed());
        }
    }

    @Test
    void twoBuildsThatRaceOnOneCacheFolderBothGetTheGraph() throws Exception {
        Path extract = copyOfValley();
        Path root = tmp.resolve("cache");
        // two instances share no lock: like two processes on one data folder
        List<ExtractGraphCache> caches = List.of(new ExtractGraphCache(root), new ExtractGraphCache(root));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> edges = new ArrayList<>();
            for (ExtractGraphCache cache : caches) {
                Callable<Integer> build = () -> {
                    start.await();
                    try (RoutingGraph graph = cache.open(extract, CONFIG, ProgressListener.NONE)) {
                        return graph.edges();
                    }
                };
                edges.add(pool.submit(build));
            }
            start.countDown();
            assertEquals(edges.get(0).get(), edges.get(1).get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                List.of("extract.json", "graph-foot-car-"),
                childrenWithoutHash(new ExtractGraphCache(root).versionFolder(ExtractVersion.of(extract))),
                "one graph, no building folder left");
    }

    @Test
    void aBuildingFolderOfADeadProcessIsRemovedAndOneOfALiveProcessKept() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        Path version = cache.versionFolder(ExtractVersion.of(extract));
        Path dead = Files.createDirectories(version.resolve(".building-" + Integer.MAX_VALUE + "-killed"));
        Files.writeString(dead.resolve("nodes"), "half a graph");
        Path live = Files.createDirectories(
                version.resolve(".building-" + ProcessHandle.current().pid() + "-another-build"));

        open(cache, extract, CONFIG);

        assertFalse(Files.exists(dead), "left by a killed build");
        assertTrue(Files.exists(live), "another build may still be writing it");
    }

    @Test
    void aCachedGraphThatDoesNotLoadIsImportedAgain() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        Imports first = open(cache, extract, CONFIG);
        Path graphFolder;
        try (Stream<Path> children = Files.list(cache.versionFolder(ExtractVersion.of(extract)))) {
            graphFolder = children.filter(p -> p.getFileName().toString().startsWith("graph-"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.write(graphFolder.resolve("properties"), new byte[] {1, 2, 3});

        // the next run (a cache keeps a graph it loaded for its life)
        Imports second = open(new ExtractGraphCache(tmp.resolve("cache")), extract, CONFIG);

        assertEquals(1, second.count(), "imported again");
        assertEquals(first.edges(), second.edges());
    }

    @Test
    void theClipIndexIsBuiltOncePerExtractVersionBesideItsGraph() throws IOException {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path extract = copyOfValley();
        List<String> steps = new CopyOnWriteArrayList<>();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void begin(String step, long total) {
                steps.add(step);
            }

            @Override
            public void update(String step, long done) {}

            @Override
            public void end(String step, long done) {}
        };
        cache.index(extract, progress).close();
        new ExtractGraphCache(tmp.resolve("cache")).index(extract, progress).close();
        assertEquals(List.of("extract-index"), steps, "indexed once, then opened");
        assertEquals(
                List.of("extract.json", ExtractIndex.FORMAT),
                childrenWithoutHash(cache.versionFolder(ExtractVersion.of(extract))));

        String osm = Files.readString(extract);
        Files.writeString(extract, osm.substring(0, osm.indexOf("  <way id=\"499\">")) + "</osm>\n");
        cache.index(extract, progress).close();
        assertEquals(List.of("extract-index", "extract-index"), steps, "a changed extract is indexed again");
        assertTrue(Files.isDirectory(
                cache.versionFolder(ExtractVersion.of(extract)).resolve(ExtractIndex.FORMAT)));
    }

    @Test
    void aMissingExtractIsNamed() {
        ExtractGraphCache cache = new ExtractGraphCache(tmp.resolve("cache"));
        Path missing = tmp.resolve("nowhere.osm.pbf");

        IOException e = assertThrows(IOException.class, () -> cache.open(missing, CONFIG, ProgressListener.NONE));

        assertEquals(missing + ": no such OSM extract", e.getMessage());
    }

    /** The folder's entries, graph folders without their hash, sorted. */
    private static List<String> childrenWithoutHash(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString())
                    .map(name -> name.startsWith("graph-") ? name.replaceAll("[0-9a-f]{16}$", "") : name)
                    .sorted()
                    .toList();
        }
    }

    private Path copyOfValley() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("extracts")).resolve("valley.osm");
        Files.copy(TestNetworks.valleyOsm(), copy);
        return copy;
    }

    private static Imports open(ExtractGraphCache cache, Path extract, RoutingPackConfig config) throws IOException {
        List<String> begun = new CopyOnWriteArrayList<>();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void begin(String step, long total) {
                begun.add(step);
            }

            @Override
            public void update(String step, long done) {}

            @Override
            public void end(String step, long done) {}
        };
        try (RoutingGraph graph = cache.open(extract, config, progress)) {
            return new Imports(
                    (int) begun.stream().filter("extract-import"::equals).count(), graph.edges());
        }
    }

    /** How many times an open imported the extract, and the edges of the graph it gave. */
    private record Imports(int count, int edges) {}
}
