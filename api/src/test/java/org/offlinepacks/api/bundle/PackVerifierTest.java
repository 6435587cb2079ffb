package org.offlinepacks.api.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.offlinepacks.api.bundle.PackFixtures.ENCAMP;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;

class PackVerifierTest {
    @TempDir
    Path data;

    PublishedPack pack;
    final PackVerifier verifier = new PackVerifier(List.of(new JsonPartVerifier()));

    @BeforeEach
    void build() throws IOException {
        try (TestLeases leases = TestLeases.inDataFolder(data)) {
            pack = new PackBuilder(
                            new PackRepository(data),
                            leases.leases(),
                            List.of(new BoundaryPartWriter(), new FormsPartWriter(), new SosPartWriter()),
                            verifier,
                            Clock.systemUTC())
                    .build(PackFixtures.input(ENCAMP), ProgressListener.NONE);
        }
    }

    @Test
    void aChangedPartFailsWithItsName() throws IOException {
        Path forms = pack.folder().resolve("forms.json");
        byte[] bytes = Files.readAllBytes(forms);
        bytes[10] ^= 1; // same size, other content
        Files.write(forms, bytes);

        assertEquals(
                List.of("part forms.json does not match its sha256 "
                        + PartJson.read(pack.manifestFile(), PackManifest.class)
                                .part("forms.json")
                                .orElseThrow()
                                .sha256()),
                verifier.verify(pack.folder()));
    }

    @Test
    void aGzipFormThatDoesNotHoldItsPartFails() throws IOException {
        PackManifest manifest = PartJson.read(pack.manifestFile(), PackManifest.class);
        PackManifest.Part forms = manifest.part("forms.json").orElseThrow();
        Path gzip = pack.folder().resolve(forms.gzipPath());
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write("{\"forms\":[]}\n".getBytes());
        }
        assertEquals(
                List.of("the gzip form of forms.json does not match its size and sha256"),
                verifier.verify(pack.folder()));
        Files.delete(gzip);
        assertEquals(List.of("the gzip form of forms.json is missing"), verifier.verify(pack.folder()));
    }

    @Test
    void aMissingPartFails() throws IOException {
        Files.delete(pack.folder().resolve("sos.json"));

        assertEquals(List.of("part sos.json is missing"), verifier.verify(pack.folder()));
    }

    @Test
    void aValidJsonPartWithTheWrongShapeFails() throws IOException {
        Path sos = pack.folder().resolve("sos.json");
        Files.writeString(sos, "{\"contacts\":[{\"id\":\"x\"}]}\n");
        rewriteManifestFor("sos.json");

        assertEquals(List.of("part sos.json: contact \"x\" has no phone"), verifier.verify(pack.folder()));
    }

    @Test
    void aBundleWithAnEntryNotInTheManifestFails() throws IOException {
        Path tampered = data.resolve("tampered.zip");
        try (ZipFile original = new ZipFile(pack.bundleFile().toFile());
                OutputStream out = Files.newOutputStream(tampered);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry : original.stream().toList()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                original.getInputStream(entry).transferTo(zip);
            }
            zip.putNextEntry(new ZipEntry("extra.bin"));
            zip.write(1);
        }

        assertEquals(List.of("bundle entry extra.bin is not listed in the manifest"), verifier.verify(tampered));
    }

    @Test
    void aTruncatedBundleFails() throws IOException {
        Path truncated = data.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(pack.bundleFile());
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        List<String> problems = verifier.verify(truncated);

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains("not a readable zip file"), problems.toString());
    }

    private void rewriteManifestFor(String path) throws IOException {
        PackManifest manifest = PartJson.read(pack.manifestFile(), PackManifest.class);
        Path file = pack.folder().resolve(path);
        List<PackManifest.Part> parts = manifest.parts().stream()
                .map(p -> p.path().equals(path)
                        ? new PackManifest.Part(p.name(), p.path(), p.mediaType(), size(file), sha(file))
                        : p)
                .toList();
        PartJson.write(
                pack.manifestFile(),
                new PackManifest(
                        manifest.formatVersion(),
                        manifest.packId(),
                        manifest.campaignId(),
                        manifest.boundaryId(),
                        manifest.boundaryName(),
                        manifest.boundaryVersion(),
                        manifest.packVersion(),
                        manifest.previousPackVersion(),
                        manifest.createdAt(),
                        manifest.generator(),
                        manifest.signingKeyId(),
                        manifest.attribution(),
                        manifest.sources(),
                        parts,
                        manifest.bundle(),
                        manifest.warnings()));
        // the bundle, its checksum and the manifest's name for it follow, as a build would write them
        PackManifest rewritten = PartJson.read(pack.manifestFile(), PackManifest.class);
        BundleWriter.write(pack.folder(), rewritten.withBundle(null), pack.bundleFile());
        Files.writeString(pack.bundleChecksumFile(), sha(pack.bundleFile()) + "  " + PublishedPack.BUNDLE + "\n");
        PartJson.write(
                pack.manifestFile(),
                rewritten.withBundle(new PackManifest.Part(
                        "bundle",
                        PublishedPack.BUNDLE,
                        "application/zip",
                        size(pack.bundleFile()),
                        sha(pack.bundleFile()))));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
