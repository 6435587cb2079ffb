package org.offlinepacks.api.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/** The relay's outbox, mirror and tokens, on SQLite and PostgreSQL alike, reopened as after a crash. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class RelayStoreTest {
    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private Database database;
    private FolderObjectStore objects;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dialect, dir);
        objects = new FolderObjectStore(dir.resolve("objects"));
    }

    @AfterEach
    void close() {
        database.close();
        objects.close();
    }

    @Test
    void whatTheCentralServiceNoLongerListsIsDroppedAfterTheGracePeriod() throws Exception {
        Instant start = Instant.parse("2026-11-29T08:00:00Z");
        Duration grace = Duration.ofDays(7);
        byte[] oldPart = "a part of version 1".getBytes(StandardCharsets.UTF_8);
        byte[] keptPart = "a part in both versions".getBytes(StandardCharsets.UTF_8);
        RelayStore store = new RelayStore(database, objects, Clock.fixed(start, ZoneOffset.UTC));
        store.putPath("/v1/parts/old", oldPart, "application/octet-stream", null);
        store.putPath("/v1/parts/kept", keptPart, "application/octet-stream", null);
        store.putPath("/v1/parts/kept-too", keptPart, "application/octet-stream", null);
        Set<String> version2 = Set.of("/v1/parts/kept");

        assertEquals(0, store.prune(version2, grace), "within the grace period, a resumed download still finds it");
        assertTrue(store.path("/v1/parts/old").isPresent());

        RelayStore weekLater =
                new RelayStore(database, objects, Clock.fixed(start.plus(Duration.ofDays(8)), ZoneOffset.UTC));
        assertEquals(2, weekLater.prune(version2, grace));
        assertTrue(weekLater.path("/v1/parts/old").isEmpty());
        assertTrue(weekLater.path("/v1/parts/kept-too").isEmpty());
        RelayStore.Mirrored kept = weekLater.path("/v1/parts/kept").orElseThrow();
        assertArrayEquals(keptPart, weekLater.bytes(kept), "an object another path still names stays");
        assertTrue(!weekLater.hasObject(RelayStoreTest.sha256(oldPart)), "the old part's bytes are gone");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aSealedFileIsKeptOnceUntilForwardedAndSurvivesAReopen() throws Exception {
        byte[] sealed = "OPSEALED1\n…".getBytes(StandardCharsets.UTF_8);
        RelayStore store = new RelayStore(database, objects, Clock.systemUTC());
        String sha256 = store.receive(sealed, RelayStore.Kind.SEALED);
        assertEquals(sha256, store.receive(sealed, RelayStore.Kind.SEALED), "the same file twice is kept once");

        RelayStore reopened = new RelayStore(database, objects, Clock.systemUTC());
        assertEquals(List.of(sha256), reopened.waiting());
        assertArrayEquals(sealed, reopened.file(sha256));
        assertNull(reopened.upload(sha256).orElseThrow().centralStatus());

        reopened.forwarded(sha256, 200, "{\"createdBy\":\"fw\"}");
        assertEquals(List.of(), reopened.waiting());
        RelayStore.Upload upload = reopened.upload(sha256).orElseThrow();
        assertEquals(200, upload.centralStatus());
        assertTrue(upload.forwardedAt() >= upload.receivedAt());
    }

    @Test
    void mirroredPathsAndTokensAreReplacedAndExpiredTokensRefused() throws Exception {
        RelayStore store = new RelayStore(database, objects, Clock.systemUTC());
        store.putPath("/v1/sync", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), "application/json", null);
        store.putPath("/v1/sync", "{\"v\":2}".getBytes(StandardCharsets.UTF_8), "application/json", null);
        assertArrayEquals(
                "{\"v\":2}".getBytes(StandardCharsets.UTF_8),
                store.bytes(store.path("/v1/sync").orElseThrow()));

        long now = System.currentTimeMillis();
        store.replaceTokens(List.of(
                new RelayStore.Token("a".repeat(64), "fw", "c", "FIELD_WORKER", Set.of("b1"), null),
                new RelayStore.Token("b".repeat(64), "fw", "c", "FIELD_WORKER", Set.of("b1"), now - 1000),
                new RelayStore.Token("c".repeat(64), "fw", "c", "FIELD_WORKER", Set.of("b1"), now + 60_000)));
        assertEquals("fw", store.user("a".repeat(64)).orElseThrow().id());
        assertTrue(store.user("b".repeat(64)).isEmpty(), "an expired device token");
        assertEquals(Set.of("b1"), store.user("c".repeat(64)).orElseThrow().boundaryIds());
        store.replaceTokens(List.of());
        assertTrue(store.user("a".repeat(64)).isEmpty(), "a token the central service no longer lists");
    }
}
