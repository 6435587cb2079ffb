package org.offlinepacks.api.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/** Campaign upload keys in the database, on SQLite and PostgreSQL alike, and the sealed format over them. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class UploadKeysTest {
    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dialect, dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyNodeOpensWhatADeviceSealedToTheCampaignsOneKeyAndNoOtherKeyDoes() {
        UploadKey key = new UploadKeys(database).current("c1");
        assertEquals(key, new UploadKeys(database).current("c1"), "made once, the same for every node");
        assertTrue(key.publicKeyset().contains("ASYMMETRIC_PUBLIC"), key.publicKeyset());
        assertFalse(key.publicKeyset().contains("HpkePrivateKey"), "devices get the public half only");
        byte[] entries = "{\"clientReferenceId\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
        KeyPair device = Ed25519.generate();
        byte[] sealed = SealedEntries.seal(
                new SealedEntries.Header(
                        SealedEntries.FORMAT,
                        UUID.randomUUID().toString(),
                        "d1",
                        "fw",
                        "c1",
                        Instant.now().toString()),
                entries,
                device.getPrivate(),
                key.publicKeyset());

        SealedEntries.Opened opened = SealedEntries.open(sealed, new UploadKeys(database).decrypter("c1"));
        assertArrayEquals(entries, opened.entries());
        assertTrue(opened.signedBy(device.getPublic()));
        assertFalse(opened.signedBy(Ed25519.generate().getPublic()));

        new UploadKeys(database).current("c2");
        SealedFileException otherCampaign = assertThrows(
                SealedFileException.class, () -> SealedEntries.open(sealed, new UploadKeys(database).decrypter("c2")));
        assertEquals(SealedFileException.Reason.CANNOT_DECRYPT, otherCampaign.reason());
    }
}
