package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.bundle.PackFixtures.ENCAMP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.lease.LeaseTerms;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/**
 * Packs published by one node (or worker) and read by another: the embedded set-up (SQLite and the
 * data folder) and the shared one (PostgreSQL and S3-compatible storage).
 */
@ParameterizedClass
@EnumSource(PackRepositoryTest.Setup.class)
class PackRepositoryTest {
    /** Where the catalog and the files are. */
    enum Setup {
        EMBEDDED(Database.Dialect.SQLITE, TestObjectStores.Kind.FOLDER),
        SHARED(Database.Dialect.POSTGRESQL, TestObjectStores.Kind.S3);

        final Database.Dialect dialect;
        final TestObjectStores.Kind storage;

        Setup(Database.Dialect dialect, TestObjectStores.Kind storage) {
            this.dialect = dialect;
            this.storage = storage;
        }
    }

    @Parameter
    Setup setup;

    @TempDir
    Path dir;

    private Database catalog;
    private CountingObjectStore objects;
    private final List<PackRepository> repositories = new ArrayList<>();

    @BeforeEach
    void open() {
        catalog = TestDatabases.open(setup.dialect, dir);
        objects = new CountingObjectStore(TestObjectStores.open(setup.storage, dir));
    }

    @AfterEach
    void close() {
        repositories.forEach(PackRepository::close);
        objects.close();
        catalog.close();
    }

    /** A node with its own data folder (staging, locks) on the shared catalog and storage. */
    private PackRepository node(String name) {
        PackRepository repository = new PackRepository(dir.resolve(name), objects, catalog);
        repositories.add(repository);
        return repository;
    }

    private PackBuilder builder(PackRepository repository) {
        return builder(repository, catalog);
    }

    /** Build leases in {@code leases}: another database than the catalog's when a test plays a lost lease. */
    private PackBuilder builder(PackRepository repository, Database leases) {
        return new PackBuilder(
                repository,
                BoundaryLeases.open(leases, LeaseTerms.DEFAULTS, "test"),
                List.of(
                        new BoundaryPartWriter(),
                        new FormsPartWriter(),
                        new LocalizationPartWriter(),
                        new SosPartWriter()),
                new PackVerifier(List.of(new JsonPartVerifier())),
                Clock.systemUTC());
    }

    @Test
    void aVersionPublishedByOneNodeIsCurrentForAnotherWithEveryFile() throws IOException {
        PublishedPack built = builder(node("worker")).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        PackRepository reader = node("api");
        PublishedPack current = reader.current(ENCAMP).orElseThrow();
        assertEquals(built.packVersion(), current.packVersion());
        assertEquals(built.manifestSha256(), current.manifestSha256());
        assertEquals(current.manifestSha256(), Sha256.ofFile(reader.file(current, PackManifest.FILE_NAME)));
        PackManifest manifest = PartJson.read(reader.file(current, PackManifest.FILE_NAME), PackManifest.class);
        for (PackManifest.Part part : manifest.parts()) {
            assertEquals(part.sha256(), Sha256.ofFile(reader.file(current, part.path())), part.path());
        }
        assertEquals(manifest.bundle().sha256(), Sha256.ofFile(reader.file(current, PublishedPack.BUNDLE)));
        assertEquals(List.of(ENCAMP), reader.boundaries());
    }

    @Test
    void partsAKeptVersionHasAreCopiedInsideTheStorageNotSentAgain() throws IOException {
        PackBuilder builder = builder(node("worker"));
        builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        objects.puts.clear();
        PublishedPack second = builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        PackManifest manifest = PartJson.read(node("api").file(second, PackManifest.FILE_NAME), PackManifest.class);
        List<String> partKeys = new ArrayList<>();
        for (PackManifest.Part part : manifest.parts()) {
            partKeys.add("packs/" + ENCAMP + "/2/" + part.path());
            if (part.gzip() != null) {
                partKeys.add("packs/" + ENCAMP + "/2/" + part.gzipPath());
            }
        }
        assertTrue(objects.copies.containsAll(partKeys), "copied: " + objects.copies);
        assertTrue(objects.puts.stream().noneMatch(partKeys::contains), "sent again: " + objects.puts);
    }

    @Test
    void aBuildWhoseFenceRefusesPublishesNothingAndLeavesNothingBehind() throws IOException {
        PackRepository worker = node("worker");
        PublishedPack first = builder(worker).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> builder(worker)
                .build(PackFixtures.input(ENCAMP), ProgressListener.NONE, () -> {
                    throw new IllegalStateException("the lease went to another worker");
                }));
        assertEquals("the lease went to another worker", refused.getMessage());

        assertEquals(
                first.manifestSha256(),
                node("api").current(ENCAMP).orElseThrow().manifestSha256());
        assertEquals(List.of(), objects.list("packs/" + ENCAMP + "/2/"));
        assertEquals(
                2,
                builder(worker)
                        .build(PackFixtures.input(ENCAMP), ProgressListener.NONE)
                        .packVersion());
    }

    @Test
    void aWorkerOvertakenByAnotherNeverPublishesItsOlderVersion() throws IOException {
        // the slow worker's lease passed while it stalled (not seen here): the fast one got the boundary
        Database leasesOfTheFastOne = Database.sqlite(dir.resolve("fast-worker-leases.sqlite"));
        PackBuilder slow = builder(node("slow-worker"));
        PackBuilder fast = builder(node("fast-worker"), leasesOfTheFastOne);
        List<PublishedPack> overtaking = new ArrayList<>();

        IllegalStateException stale = assertThrows(
                IllegalStateException.class,
                () -> slow.build(PackFixtures.input(ENCAMP), ProgressListener.NONE, () -> {
                    try { // another worker builds and publishes while this one stalls before its switch
                        overtaking.add(fast.build(PackFixtures.input(ENCAMP), ProgressListener.NONE));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        assertTrue(stale.getMessage().contains("is not published"), stale.getMessage());

        PublishedPack current = node("api").current(ENCAMP).orElseThrow();
        assertEquals(2, current.packVersion(), "the slow worker had 1, the fast one 2");
        assertEquals(overtaking.get(0).manifestSha256(), current.manifestSha256());
        assertEquals(List.of(), objects.list("packs/" + ENCAMP + "/1/"));
        leasesOfTheFastOne.close();
    }

    @Test
    void keepsTheLastThreeVersionsAndRemovesTheFilesOfOlderOnes() throws IOException {
        PackBuilder builder = builder(node("worker"));
        for (int i = 0; i < 5; i++) {
            builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        }
        PackRepository reader = node("api");
        assertEquals(List.of(3L, 4L, 5L), reader.versions(ENCAMP));
        assertEquals(List.of(), objects.list("packs/" + ENCAMP + "/1/"));
        assertEquals(List.of(), objects.list("packs/" + ENCAMP + "/2/"));
        assertFalse(objects.list("packs/" + ENCAMP + "/3/").isEmpty());
        String bundle = reader.version(ENCAMP, 3).orElseThrow().bundleSha256();
        assertEquals(3, reader.filesWithSha256(bundle).get(0).packVersion());
    }

    @Test
    void aDataFolderFromBeforeTheCatalogIsRecordedAsItWas() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(setup == Setup.EMBEDDED, "packs on disk are the data folder's");
        Path data = dir.resolve("old-data");
        PublishedPack second;
        try (PackRepository before = new PackRepository(data)) {
            builder(before).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
            second = builder(before).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        }
        // what an older version left: the version folders and a current file, no catalog
        for (String file : List.of("packs.sqlite", "packs.sqlite-wal", "packs.sqlite-shm")) {
            Files.deleteIfExists(data.resolve(file));
        }
        Files.writeString(data.resolve("packs").resolve(ENCAMP).resolve("current"), "2\n");

        try (PackRepository after = new PackRepository(data)) {
            assertEquals(second, after.current(ENCAMP).orElseThrow());
            assertEquals(List.of(1L, 2L), after.versions(ENCAMP));
            assertEquals(2, after.filesWithSha256(second.bundleSha256()).get(0).packVersion());
            assertFalse(Files.exists(data.resolve("packs").resolve(ENCAMP).resolve("current")));
            assertEquals(
                    3,
                    builder(after)
                            .build(PackFixtures.input(ENCAMP), ProgressListener.NONE)
                            .packVersion());
        }
    }
}
