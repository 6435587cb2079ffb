package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.Sha256;

/** `verify` on packs and bundles that were damaged or made to hurt. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    Path pack;

    @BeforeEach
    void build() {
        Path campaign = CampaignCopies.jsonPartsOnly(dir.resolve("campaign"));
        CommandRun build = CommandRun.of(
                "build",
                "--campaign",
                campaign.toString(),
                "--boundary",
                PackFixtures.ENCAMP,
                "--out",
                dir.resolve("data").toString());
        assertEquals(0, build.exitCode(), build.err());
        pack = Path.of(build.outLines().get(build.outLines().size() - 1)).getParent();
        assertEquals(0, CommandRun.of("verify", pack.toString()).exitCode());
    }

    @Test
    void aFolderWithATruncatedBundleFails() throws Exception {
        Path bundle = pack.resolve("bundle.zip");
        byte[] bytes = Files.readAllBytes(bundle);
        Files.write(bundle, Arrays.copyOf(bytes, bytes.length / 2));

        CommandRun folder = CommandRun.of("verify", pack.toString());
        CommandRun zip = CommandRun.of("verify", bundle.toString());

        assertEquals(1, folder.exitCode(), folder.out());
        assertTrue(folder.out().contains("bundle.zip does not match its sha256"), folder.out());
        assertEquals(1, zip.exitCode(), zip.out());
        assertTrue(zip.out().contains("bundle.zip does not match its sha256"), zip.out());
    }

    @Test
    void aFolderWhoseBundleHoldsOtherBytesThanItsPartsFails() throws Exception {
        PackManifest manifest = PartJson.read(pack.resolve("manifest.json"), PackManifest.class);
        Path bundle = pack.resolve("bundle.zip");
        writeZip(
                bundle,
                Map.of("manifest.json", Files.readAllBytes(pack.resolve("manifest.json"))),
                manifest,
                path -> path.equals("forms.json")
                        ? "{\"forms\":[]}\n".getBytes()
                        : Files.readAllBytes(pack.resolve(path)));
        Files.writeString(pack.resolve("bundle.zip.sha256"), Sha256.ofFile(bundle) + "  bundle.zip\n");

        CommandRun verify = CommandRun.of("verify", pack.toString());
        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("but the manifest names the bundle"), verify.out());

        // a forger who also renames the bundle in the manifest: the entries still tell
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                PartJson.MAPPER.readTree(pack.resolve("manifest.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("bundle"))
                .put("size", Files.size(bundle))
                .put("sha256", Sha256.ofFile(bundle));
        Files.write(pack.resolve("manifest.json"), PartJson.bytes(json));
        verify = CommandRun.of("verify", pack.toString());
        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("bundle entry forms.json differs from the pack's forms.json"), verify.out());
        Files.delete(pack.resolve("bundle.zip.sha256"));
        CommandRun noChecksum = CommandRun.of("verify", pack.toString());
        assertTrue(noChecksum.out().contains("no bundle.zip.sha256 beside bundle.zip"), noChecksum.out());
    }

    @Test
    void aZipBombIsNotInflatedPastWhatItsManifestDeclares() throws Exception {
        PackManifest manifest = PartJson.read(pack.resolve("manifest.json"), PackManifest.class);
        long declared = manifest.part("forms.json").orElseThrow().size();
        Path bomb = dir.resolve("bomb.zip");
        byte[] zeros = new byte[1 << 20];
        writeZip(bomb, Map.of("manifest.json", Files.readAllBytes(pack.resolve("manifest.json"))), manifest, path -> {
            if (!path.equals("forms.json")) {
                return Files.readAllBytes(pack.resolve(path));
            }
            return null; // written below: 256 MiB of zeros, about 256 KB zipped
        });
        appendEntry(bomb, "forms.json", zeros, 256);

        long started = System.nanoTime();
        CommandRun verify = CommandRun.of("verify", bomb.toString());

        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(
                verify.out()
                        .contains("bundle entry forms.json inflates to more than the " + declared
                                + " bytes the manifest declares"),
                verify.out());
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "stopped early, not after inflating 256 MiB");
    }

    @Test
    void aManifestThatDeclaresMoreThanTheCapIsNotUnpackedAtAll() throws Exception {
        PackManifest manifest = PartJson.read(pack.resolve("manifest.json"), PackManifest.class);
        ObjectNode huge = (ObjectNode)
                PartJson.MAPPER.readTree(pack.resolve("manifest.json").toFile());
        huge.get("parts").forEach(part -> ((ObjectNode) part).put("size", 1L << 40));
        Path bundle = dir.resolve("huge.zip");
        writeZip(
                bundle,
                Map.of("manifest.json", PartJson.bytes(huge)),
                manifest,
                path -> Files.readAllBytes(pack.resolve(path)));

        CommandRun verify = CommandRun.of("verify", bundle.toString());

        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("a bundle may unpack to; not unpacked"), verify.out());
    }

    interface Content {
        byte[] of(String path) throws IOException;
    }

    /** A bundle with the given first entries, then every part of the manifest (null content: left out). */
    private static void writeZip(Path zip, Map<String, byte[]> first, PackManifest manifest, Content content)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : first.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
            }
            for (PackManifest.Part part : manifest.parts()) {
                byte[] bytes = content.of(part.path());
                if (bytes != null) {
                    out.putNextEntry(new ZipEntry(part.path()));
                    out.write(bytes);
                }
            }
        }
    }

    /** Rewrites the zip with one more entry made of {@code block} repeated {@code times}. */
    private static void appendEntry(Path zip, String name, byte[] block, int times) throws IOException {
        Path copy = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (var original = new java.util.zip.ZipFile(zip.toFile());
                OutputStream file = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : original.stream().toList()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                original.getInputStream(entry).transferTo(out);
            }
            out.putNextEntry(new ZipEntry(name));
            for (int i = 0; i < times; i++) {
                out.write(block);
            }
        }
        Files.move(copy, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
