package org.offlinepacks.api.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.BoundaryPartWriter;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackInput;
import org.offlinepacks.api.bundle.PackPart;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.bundle.PartWriter;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.TestDatabases;

/** The build lock of a boundary as a lease in the database, on SQLite and PostgreSQL alike. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class BoundaryLeasesTest {
    private static final LeaseTerms SHORT = new LeaseTerms(Duration.ofMillis(600), Duration.ofMillis(100));
    private static final String ENCAMP = PackFixtures.ENCAMP;

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    private Database database;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        database = TestDatabases.open(dialect, dataDir);
    }

    @AfterEach
    void close() {
        background.shutdownNow();
        database.close();
    }

    @Test
    void aSecondBuildOfABoundaryWaitsWhileTheFirstIsAliveAndStartsWhenItIsDone() throws Exception {
        BoundaryLeases nodeA = BoundaryLeases.open(database, SHORT, "node-a");
        BoundaryLeases nodeB = BoundaryLeases.open(database, SHORT, "node-b");
        BoundaryLeases.Lease first = nodeA.acquire(ENCAMP);
        Future<BoundaryLeases.Lease> second = background.submit(() -> nodeB.acquire(ENCAMP));

        Thread.sleep(3 * SHORT.lease().toMillis()); // the first holder renews its lease meanwhile
        assertFalse(second.isDone(), "one build of a boundary at a time");
        try (BoundaryLeases.Lease other = nodeB.acquire(PackFixtures.ANDORRA_LA_VELLA)) {
            other.check(); // another boundary is not held up
        }

        first.close();
        try (BoundaryLeases.Lease taken = second.get(10, TimeUnit.SECONDS)) {
            taken.check();
        }
    }

    @Test
    void aLeaseWhoseHolderWasKilledIsTakenOverOnceItExpired() throws Exception {
        BoundaryLeases.open(database, SHORT, "node-b"); // creates the table
        long started = System.nanoTime();
        // what a killed process leaves behind: a lease nobody renews
        database.read(connection -> Sql.update(
                connection,
                "INSERT INTO build_lease (boundary_id, holder, token, expires_at) VALUES (?, 'killed-node', 'gone', "
                        + DatabaseClock.nowMillis(dialect) + " + ?)",
                ENCAMP,
                SHORT.lease().toMillis()));

        try (BoundaryLeases.Lease lease =
                BoundaryLeases.open(database, SHORT, "node-b").acquire(ENCAMP)) {
            lease.check();
        }
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(
                waitedMillis >= SHORT.lease().toMillis() - 100,
                "taken over only once expired, after " + waitedMillis + " ms");
    }

    @Test
    void aBuildWhoseLeaseWasTakenOverIsNotPublished() throws Exception {
        BoundaryLeases leases = BoundaryLeases.open(database, SHORT, "node-a");
        GatedPartWriter gate = new GatedPartWriter();
        PackBuilder builder = new PackBuilder(
                new PackRepository(dataDir),
                leases,
                List.of(new BoundaryPartWriter(), gate),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
        Future<PublishedPack> build =
                background.submit(() -> builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE));
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));

        // as another node leaves the row when it takes over a lease that had expired (node A froze)
        database.read(connection -> Sql.update(
                connection,
                "UPDATE build_lease SET holder = 'node-b', token = 'taken-over' WHERE boundary_id = ?",
                ENCAMP));
        gate.go.release();

        ExecutionException refused = assertThrows(ExecutionException.class, () -> build.get(30, TimeUnit.SECONDS));
        assertInstanceOf(LeaseLostException.class, refused.getCause());
        assertTrue(
                refused.getCause().getMessage().contains("node-b"),
                refused.getCause().getMessage());
        assertEquals(Optional.empty(), new PackRepository(dataDir).current(ENCAMP), "nothing was published");
    }

    /** A part that waits for the test's go. */
    private static final class GatedPartWriter implements PartWriter {
        final CountDownLatch started = new CountDownLatch(1);
        final Semaphore go = new Semaphore(0);

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) throws IOException {
            started.countDown();
            try {
                if (!go.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never said go");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Files.writeString(stagingDir.resolve("gated.txt"), "ok\n");
            return List.of(new PackPart("gated", "gated.txt", "text/plain"));
        }
    }
}
