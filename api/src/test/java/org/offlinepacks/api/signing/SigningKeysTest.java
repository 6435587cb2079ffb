package org.offlinepacks.api.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.TestDatabases;

/** The campaigns' manifest signing keys in the database, on SQLite and PostgreSQL alike. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class SigningKeysTest {
    private static final String CAMPAIGN = "andorra-bednets-2026";
    private static final byte[] MESSAGE = "{\"packVersion\":1}".getBytes(StandardCharsets.UTF_8);

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
    void twoNodesAskingAtOnceGetTheSameFirstKeyAndItsSignaturesVerify() throws Exception {
        SigningKeys nodeA = new SigningKeys(database);
        SigningKeys nodeB = new SigningKeys(database);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<SigningKey> a = both.submit(() -> nodeA.current(CAMPAIGN));
            Future<SigningKey> b = both.submit(() -> nodeB.current(CAMPAIGN));
            assertEquals(a.get().keyId(), b.get().keyId());
        } finally {
            both.shutdownNow();
        }
        SigningKey key = nodeA.current(CAMPAIGN);
        assertEquals(List.of(key), nodeB.keys(CAMPAIGN));
        assertEquals(Ed25519.keyId(key.publicKey()), key.keyId());
        byte[] signature = nodeB.sign(key.keyId(), MESSAGE);
        assertEquals(Ed25519.SIGNATURE_BYTES, signature.length);
        assertTrue(Ed25519.verify(key.publicKey(), MESSAGE, signature));
        assertNotEquals(key.keyId(), nodeA.current("another-campaign").keyId());
    }

    @Test
    void aRotationMakesANewCurrentKeyAndTheOldOneStaysListedAndUsable() {
        SigningKeys keys = new SigningKeys(database);
        SigningKey first = keys.current(CAMPAIGN);
        SigningKey second = keys.rotate(CAMPAIGN);
        assertNotEquals(first.keyId(), second.keyId());
        assertEquals(second, keys.current(CAMPAIGN));

        List<SigningKey> listed = new SigningKeys(database).keys(CAMPAIGN);
        assertEquals(
                List.of(first.keyId(), second.keyId()),
                listed.stream().map(SigningKey::keyId).toList());
        assertFalse(listed.get(0).current());
        assertTrue(listed.get(0).retiredAt() != null);
        assertTrue(listed.get(1).current());
        // a kept pack signed by the retired key can be signed again (its bundle's manifest, say)
        assertTrue(Ed25519.verify(first.publicKey(), MESSAGE, keys.sign(first.keyId(), MESSAGE)));
    }

    @Test
    void thePrivateKeysAreInTheDatabaseOnlyAndAnSqliteFileHoldingThemIsTheOwnersAlone() throws Exception {
        SigningKeys keys = new SigningKeys(database);
        SigningKey key = keys.current(CAMPAIGN);
        String stored = database.read(c -> Sql.query(
                        c, "SELECT private_key FROM signing_key WHERE key_id = ?", row -> row.getString(1), key.keyId())
                .get(0));
        assertFalse(stored.isBlank());
        assertFalse(key.publicKeyPem().contains(stored), "the public document carries no private key");
        if (dialect == Database.Dialect.SQLITE) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                    assertEquals(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                            permissions,
                            file.toString());
                }
            }
        }
    }
}
