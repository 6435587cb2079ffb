package org.offlinepacks.tilepacker.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.TilePackConfig;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.pack.TilePackBuilder;

/**
 * Two workers, each with its own connection pool, on one tile cache: the data folder's SQLite file
 * (two processes on one machine) or one PostgreSQL database (workers on several machines). What one
 * worker fetched, the other never fetches again.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class SharedTileCacheTest {
    private static final String ANDORRA_LA_VELLA = "osm-relation-2804753";
    private static final String ESCALDES = "osm-relation-2804756";

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private TestTileServer server;
    private Database workerA;
    private Database workerB;

    @BeforeEach
    void start() throws IOException {
        server = new TestTileServer(TestTileServer.tilesOf(TestData.rasterMbtiles()));
        if (dialect == Database.Dialect.SQLITE) {
            Path file = TileCache.fileIn(dir);
            workerA = Database.sqlite(file, false);
            workerB = Database.sqlite(file, false);
        } else {
            String url = TestDatabases.newPostgresDatabase();
            workerA = Database.postgresql(url, "postgres", "postgres");
            workerB = Database.postgresql(url, "postgres", "postgres");
        }
    }

    @AfterEach
    void stop() {
        server.close();
        workerA.close();
        workerB.close();
    }

    private TilePackConfig config() {
        return TilePackConfig.builder(server.urlTemplate(), 9, 13)
                .concurrency(4)
                .cacheMaxAge(Duration.ofDays(7))
                .attribution("© OpenStreetMap contributors")
                .build();
    }

    @Test
    void aBoundaryChangeBuiltByAnotherWorkerFetchesOnlyTilesNewToTheCache() throws IOException {
        Geometry before = BoundaryFileReader.read(TestData.boundaries(), ANDORRA_LA_VELLA);
        Geometry after = before.union(BoundaryFileReader.read(TestData.boundaries(), ESCALDES));
        try (TileCache onA = TileCache.open(workerA);
                TileCache onB = TileCache.open(workerB)) {
            TilePackBuilder builderA = new TilePackBuilder(config(), onA);
            builderA.build(before, dir.resolve("v1.mbtiles"), ProgressListener.NONE);
            Set<TileId> newTiles = tiles(builderA.cover(after));
            newTiles.removeAll(tiles(builderA.cover(before)));
            assertFalse(newTiles.isEmpty());

            server.clearLog();
            new TilePackBuilder(config(), onB).build(after, dir.resolve("v2.mbtiles"), ProgressListener.NONE);
            Set<TileId> requested = server.log().stream()
                    .map(TestTileServer.LoggedRequest::tile)
                    .collect(Collectors.toSet());
            assertEquals(newTiles, new TreeSet<>(requested));
        }
    }

    @Test
    void twoWorkersFillingTheCacheAtOnceStoreEachTileOnceAndBuildTheSamePack() throws Exception {
        Geometry boundary = BoundaryFileReader.read(TestData.boundaries(), ESCALDES);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TileCache onA = TileCache.open(workerA);
                TileCache onB = TileCache.open(workerB)) {
            Future<?> a = pool.submit(() -> new TilePackBuilder(config(), onA)
                    .build(boundary, dir.resolve("a.mbtiles"), ProgressListener.NONE));
            Future<?> b = pool.submit(() -> new TilePackBuilder(config(), onB)
                    .build(boundary, dir.resolve("b.mbtiles"), ProgressListener.NONE));
            a.get();
            b.get();
            int cover =
                    tiles(new TilePackBuilder(config(), onA).cover(boundary)).size();
            assertEquals(cover, (long) workerB.read(c -> {
                try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM cached_tile")) {
                    rows.next();
                    return rows.getLong(1);
                }
            }));
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.mbtiles")), Files.readAllBytes(dir.resolve("b.mbtiles")));
    }

    private static Set<TileId> tiles(PackCover cover) {
        return cover.byZoom().stream().flatMap(z -> z.tiles().stream()).collect(Collectors.toCollection(TreeSet::new));
    }
}
