package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.signing.OpenSsl;

/**
 * A signed pack checked as an operator or a device team checks it: with the stock openssl command of
 * the README and with {@code verify --key}; a changed manifest, another key's signature and a
 * missing signature all fail both.
 */
class PackSignaturesTest {
    private static final String ENCAMP = "osm-relation-2804755";

    @TempDir
    Path dir;

    @Test
    void aBuiltPackVerifiesWithOpensslAndVerifyKeyAndAnyChangeFails() throws Exception {
        Path data = dir.resolve("data");
        Path pack = build(data);
        Path key = dir.resolve("signing.pub.pem");
        CommandRun keys = CommandRun.of("keys", "--data", data.toString(), "--out", key.toString());
        assertEquals(0, keys.exitCode(), keys.err());
        PackManifest manifest = PartJson.read(pack.resolve("manifest.json"), PackManifest.class);
        assertTrue(keys.out().contains(manifest.signingKeyId() + "  Ed25519"), keys.out());
        assertTrue(Files.readString(key).startsWith("-----BEGIN PUBLIC KEY-----"));

        OpenSsl.Run openssl =
                OpenSsl.verifyManifest(key, pack.resolve("manifest.json"), pack.resolve("manifest.json.sig"));
        assertEquals(0, openssl.exitCode(), openssl.output());
        assertTrue(openssl.output().contains("Signature Verified Successfully"), openssl.output());
        assertOk(CommandRun.of("verify", "--key", key.toString(), pack.toString()));
        assertOk(CommandRun.of(
                "verify", "--key", key.toString(), pack.resolve("bundle.zip").toString()));

        // one changed byte in the manifest
        Path changed = copy(pack, "changed");
        byte[] bytes = Files.readAllBytes(changed.resolve("manifest.json"));
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"Encamp\"");
        bytes[at + 1] = 'e';
        Files.write(changed.resolve("manifest.json"), bytes);
        OpenSsl.Run refused =
                OpenSsl.verifyManifest(key, changed.resolve("manifest.json"), changed.resolve("manifest.json.sig"));
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("Signature Verification Failure"), refused.output());
        assertFailed(
                CommandRun.of("verify", "--key", key.toString(), changed.toString()),
                "manifest.json.sig is not a signature of this manifest.json by the key(s) given ("
                        + manifest.signingKeyId() + ")");

        // a signature by another key (made with openssl, as a forger would)
        Path forged = copy(pack, "forged");
        assertEquals(
                0,
                OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "other.pem")
                        .exitCode());
        OpenSsl.Run sign = OpenSsl.run(
                dir,
                "pkeyutl",
                "-sign",
                "-inkey",
                "other.pem",
                "-rawin",
                "-in",
                forged.resolve("manifest.json").toString(),
                "-out",
                forged.resolve("manifest.json.sig").toString());
        assertEquals(0, sign.exitCode(), sign.output());
        assertEquals(64, Files.size(forged.resolve("manifest.json.sig")));
        assertNotEquals(
                0,
                OpenSsl.verifyManifest(key, forged.resolve("manifest.json"), forged.resolve("manifest.json.sig"))
                        .exitCode());
        assertFailed(CommandRun.of("verify", "--key", key.toString(), forged.toString()), "another key signed it");

        // no signature at all
        Path unsigned = copy(pack, "unsigned");
        Files.delete(unsigned.resolve("manifest.json.sig"));
        assertFailed(
                CommandRun.of("verify", "--key", key.toString(), unsigned.toString()),
                "manifest.json is not signed: there is no manifest.json.sig beside it");
        // without --key the signature is not checked: only what the pack says of itself
        assertOk(CommandRun.of("verify", unsigned.toString()));
    }

    @Test
    void aRotatedKeySignsNewPacksAndTheOldKeyStillVerifiesTheOldOnes() throws Exception {
        Path data = dir.resolve("data");
        Path first = build(data);
        Path oldKey = dir.resolve("old.pub.pem");
        assertOk(CommandRun.of("keys", "--data", data.toString(), "--out", oldKey.toString()));

        CommandRun rotate = CommandRun.of(
                "keys",
                "--data",
                data.toString(),
                "--rotate",
                "--out",
                dir.resolve("new.pub.pem").toString());
        assertOk(rotate);
        assertTrue(rotate.out().contains("retired"), rotate.out());
        Path second = build(data);
        Path newKey = dir.resolve("new.pub.pem");
        assertNotEquals(Files.readString(oldKey), Files.readString(newKey));

        assertOk(CommandRun.of("verify", "--key", oldKey.toString(), first.toString()));
        assertFailed(CommandRun.of("verify", "--key", oldKey.toString(), second.toString()), "another key signed it");
        assertOk(CommandRun.of(
                "verify", "--key", oldKey.toString(), "--key", newKey.toString(), first.toString(), second.toString()));
        assertEquals(
                0,
                OpenSsl.verifyManifest(newKey, second.resolve("manifest.json"), second.resolve("manifest.json.sig"))
                        .exitCode());
    }

    @Test
    void seedWritesSignedPacksAndTheKeysThatVerifyThem() throws Exception {
        Path data = dir.resolve("data");
        build(data);
        Path device = dir.resolve("device");
        CommandRun seed =
                CommandRun.of("seed", "--data", data.toString(), "--boundary", ENCAMP, "--out", device.toString());
        assertOk(seed);
        Path key = device.resolve("keys/signing.pub.pem");
        Path seededPack = device.resolve("packs/" + ENCAMP);
        OpenSsl.Run openssl = OpenSsl.verifyManifest(
                key, seededPack.resolve("manifest.json"), seededPack.resolve("manifest.json.sig"));
        assertEquals(0, openssl.exitCode(), openssl.output());
        assertOk(CommandRun.of("verify", "--key", key.toString(), device.toString()));

        Files.delete(seededPack.resolve("manifest.json.sig"));
        assertFailed(CommandRun.of("verify", "--key", key.toString(), device.toString()), "is not signed");
    }

    @Test
    void seedRefusesAPackBuiltBeforePacksWereSigned() throws Exception {
        Path data = dir.resolve("data");
        Path pack = build(data);
        Files.delete(pack.resolve("manifest.json.sig")); // as a pack of an older version has none
        CommandRun seed = CommandRun.of(
                "seed",
                "--data",
                data.toString(),
                "--boundary",
                ENCAMP,
                "--out",
                dir.resolve("device").toString());
        assertEquals(FailureHandler.BAD_INPUT, seed.exitCode());
        assertTrue(
                seed.err().contains("is not signed (it was built before packs were signed); rebuild it"), seed.err());
    }

    /** Builds Encamp's pack (JSON parts only) and returns its published folder. */
    private Path build(Path data) {
        Path campaign = dir.resolve("campaign");
        if (!Files.isDirectory(campaign)) {
            CampaignCopies.jsonPartsOnly(campaign);
        }
        CommandRun build = CommandRun.of(
                "build", "--campaign", campaign.toString(), "--boundary", ENCAMP, "--out", data.toString());
        assertEquals(0, build.exitCode(), build.err());
        List<String> lines = build.outLines();
        return Path.of(lines.get(lines.size() - 1)).getParent();
    }

    private Path copy(Path pack, String name) throws Exception {
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(pack)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(pack.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static void assertOk(CommandRun run) {
        assertEquals(0, run.exitCode(), run.out() + run.err());
    }

    private static void assertFailed(CommandRun run, String reason) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains(reason), run.out());
    }
}
