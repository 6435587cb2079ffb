package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.bundle.PackFixtures.ENCAMP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;

class PackBuilderTest {
    @TempDir
    Path data;

    private TestLeases leases;

    @BeforeEach
    void openLeases() {
        leases = TestLeases.inDataFolder(data);
    }

    @AfterEach
    void closeLeases() {
        leases.close();
    }

    @Test
    void publishesAVerifiedPackWithContentAddressedParts() throws IOException {
        PublishedPack pack = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        PackManifest manifest = PartJson.read(pack.manifestFile(), PackManifest.class);
        assertEquals(1, manifest.packVersion());
        assertEquals(ENCAMP, manifest.boundaryId());
        assertEquals(
                List.of("boundary.geojson", "forms.json", "i18n/ca.json", "i18n/en.json", "i18n/fr.json", "sos.json"),
                manifest.parts().stream().map(PackManifest.Part::path).toList());
        for (PackManifest.Part part : manifest.parts()) {
            Path file = pack.folder().resolve(part.path());
            assertEquals(Files.size(file), part.size(), part.path());
            assertEquals(Sha256.ofFile(file), part.sha256(), part.path());
        }
        assertEquals(pack, new PackRepository(data).current(ENCAMP).orElseThrow());
        assertEquals(List.of(), verifier().verify(pack.folder()));
        assertEquals(List.of(), verifier().verify(pack.bundleFile()));
        assertEquals(Sha256.ofFile(pack.bundleFile()) + "  bundle.zip\n", Files.readString(pack.bundleChecksumFile()));
    }

    @Test
    void aFailingPartWriterLeavesThePreviousVersionCurrentAndByteIdentical() throws IOException {
        PublishedPack first = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        Map<String, String> before = PackFixtures.fileHashes(first.folder());
        List<PartWriter> failing = new ArrayList<>(foundationWriters());
        failing.add(2, new ExplodingWriter()); // after forms and i18n have been written

        assertThrows(IllegalStateException.class, () -> builder(failing)
                .build(PackFixtures.input(ENCAMP), ProgressListener.NONE));

        PackRepository repository = new PackRepository(data);
        assertEquals(first, repository.current(ENCAMP).orElseThrow());
        assertEquals(before, PackFixtures.fileHashes(first.folder()));
        assertEquals(List.of(1L), repository.versions(ENCAMP));
        assertEquals(List.of(), stagingDirs(), "the failed build's staging folder is removed");
        assertEquals(
                2,
                builder(foundationWriters())
                        .build(PackFixtures.input(ENCAMP), ProgressListener.NONE)
                        .packVersion());
    }

    @Test
    void aPackThatFailsVerificationIsNotPublished() throws IOException {
        PublishedPack first = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        PartVerifier rejectsForms = new PartVerifier() {
            @Override
            public boolean appliesTo(String partPath) {
                return partPath.equals("forms.json");
            }

            @Override
            public List<String> verify(Path packDir, String partPath) {
                return List.of("forms are bad");
            }
        };
        PackBuilder strict = new PackBuilder(
                new PackRepository(data),
                leases.leases(),
                foundationWriters(),
                new PackVerifier(List.of(rejectsForms)),
                Clock.systemUTC());

        PackBuildException e = assertThrows(
                PackBuildException.class, () -> strict.build(PackFixtures.input(ENCAMP), ProgressListener.NONE));

        assertTrue(e.getMessage().contains("part forms.json: forms are bad"), e.getMessage());
        assertEquals(first, new PackRepository(data).current(ENCAMP).orElseThrow());
    }

    @Test
    void aBuildKilledMidwayLeavesAStagingFolderThatIsNeverServedAndIsClearedNextTime() throws IOException {
        PublishedPack first = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        PackRepository repository = new PackRepository(data);
        Path abandoned;
        abandoned = repository.newStagingDir(ENCAMP); // what a killed process leaves behind
        Files.writeString(abandoned.resolve("forms.json"), "{\"half\":");

        assertEquals(first, repository.current(ENCAMP).orElseThrow());
        PublishedPack second = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        assertEquals(2, second.packVersion());
        assertTrue(Files.notExists(abandoned));
    }

    @Test
    void sameInputsGiveTheSamePartHashesAndOnlyTheManifestChanges() throws IOException {
        Clock monday = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
        Clock tuesday = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
        PackManifest first = manifestOf(
                builder(foundationWriters(), monday).build(PackFixtures.input(ENCAMP), ProgressListener.NONE));
        PackManifest second = manifestOf(
                builder(foundationWriters(), tuesday).build(PackFixtures.input(ENCAMP), ProgressListener.NONE));

        assertEquals(first.parts(), second.parts());
        assertNotEquals(first.createdAt(), second.createdAt());
        assertEquals(2, second.packVersion());
        assertEquals(1L, second.previousPackVersion());
    }

    @Test
    void keepsTheLastFewVersionsSoDevicesCanFinishADownload() throws IOException {
        PackBuilder builder = builder(foundationWriters());
        for (int i = 0; i < 5; i++) {
            builder.build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        }

        PackRepository repository = new PackRepository(data);
        assertEquals(List.of(3L, 4L, 5L), repository.versions(ENCAMP));
        assertEquals(5, repository.current(ENCAMP).orElseThrow().packVersion());
    }

    @Test
    void smallerPartsOnlyForTheBoundary() throws IOException {
        PublishedPack encamp = builder(foundationWriters()).build(PackFixtures.input(ENCAMP), ProgressListener.NONE);

        String sos = Files.readString(encamp.folder().resolve("sos.json"));
        assertTrue(sos.contains("supervisor-encamp"), sos);
        assertTrue(!sos.contains("supervisor-north"), "contacts of other parishes stay out: " + sos);
        String catalan = Files.readString(encamp.folder().resolve("i18n/ca.json"));
        assertTrue(catalan.contains("field.nets_given"), catalan);
        assertTrue(!catalan.contains("app.sync.done"), "keys no form uses stay out: " + catalan);
    }

    private PackBuilder builder(List<PartWriter> writers) {
        return builder(writers, Clock.systemUTC());
    }

    private PackBuilder builder(List<PartWriter> writers, Clock clock) {
        return new PackBuilder(new PackRepository(data), leases.leases(), writers, verifier(), clock);
    }

    private static PackVerifier verifier() {
        return new PackVerifier(List.of(new JsonPartVerifier()));
    }

    private static List<PartWriter> foundationWriters() {
        return List.of(
                new BoundaryPartWriter(), new FormsPartWriter(), new LocalizationPartWriter(), new SosPartWriter());
    }

    private static PackManifest manifestOf(PublishedPack pack) throws IOException {
        return PartJson.read(pack.manifestFile(), PackManifest.class);
    }

    private List<Path> stagingDirs() throws IOException {
        try (Stream<Path> children = Files.list(data.resolve("packs").resolve(ENCAMP))) {
            return children.filter(p -> p.getFileName().toString().startsWith(".staging"))
                    .toList();
        }
    }

    private static final class ExplodingWriter implements PartWriter {
        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public List<PackPart> write(PackInput input, Path stagingDir, ProgressListener progress) {
            throw new IllegalStateException("the tile server went away");
        }
    }
}
