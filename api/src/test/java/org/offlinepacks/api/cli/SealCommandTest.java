package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.sealing.SealedEntries;
import org.offlinepacks.api.sealing.UploadKeys;
import org.offlinepacks.api.signing.OpenSsl;
import org.offlinepacks.boundarydata.store.Database;

/**
 * The reference device side: {@code seal} with a device key made by openssl and the upload key as
 * the service serves it writes a file that only the campaign's upload key opens, signed by that
 * device key.
 */
class SealCommandTest {
    @TempDir
    Path dir;

    @Test
    void sealWritesAFileTheUploadKeyOpensAndTheDeviceKeySigned() throws Exception {
        assertEquals(
                0,
                OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "device.pem")
                        .exitCode());
        assertEquals(
                0,
                OpenSsl.run(dir, "pkey", "-in", "device.pem", "-pubout", "-out", "device.pub.pem")
                        .exitCode());
        byte[] entries =
                "{\"clientReferenceId\":\"a\"}\n{\"clientReferenceId\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("entries.ndjson"), entries);
        try (Database database = Database.sqlite(dir.resolve("store.sqlite"))) {
            UploadKeys keys = new UploadKeys(database);
            Files.writeString(dir.resolve("upload-key.json"), keys.current("c1").publicKeyset());

            CommandRun seal = CommandRun.of(
                    "seal",
                    "--entries",
                    dir.resolve("entries.ndjson").toString(),
                    "--device-key",
                    dir.resolve("device.pem").toString(),
                    "--device-id",
                    "device-1",
                    "--user",
                    "fw",
                    "--campaign",
                    "c1",
                    "--upload-key",
                    dir.resolve("upload-key.json").toString(),
                    "--out",
                    dir.resolve("entries.sealed").toString());
            assertEquals(0, seal.exitCode(), seal.err());

            SealedEntries.Opened opened =
                    SealedEntries.open(Files.readAllBytes(dir.resolve("entries.sealed")), keys.decrypter("c1"));
            assertArrayEquals(entries, opened.entries());
            assertEquals("device-1", opened.header().deviceId());
            assertEquals("fw", opened.header().userId());
            assertTrue(opened.signedBy(org.offlinepacks.api.signing.Ed25519.readPublicPem(
                    Files.readString(dir.resolve("device.pub.pem")))));
        }
    }
}
