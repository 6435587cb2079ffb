package org.offlinepacks.api.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.offlinepacks.api.RuleViolationException;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.EntryResult.Outcome;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.RegistrationIdFormat;
import org.offlinepacks.boundarydata.campaign.RegistrationIdSettings;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/**
 * Registration-ID batches on the embedded SQLite file and on PostgreSQL: never the same number to
 * two requests, however many nodes and threads ask at once; the same batch again for a retried
 * request; and at upload, an ID must have been dispatched to the entry's creator and not be used by
 * another entry.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class RegistrationIdLedgerTest {
    private static final String CAMPAIGN = UploadFixtures.CAMPAIGN;
    private static final Campaign SAMPLE = PackFixtures.sampleCampaign();
    private static final RegistrationIdSettings SETTINGS =
            SAMPLE.settings().registrationIdSettings().orElseThrow();
    private static final RegistrationIdFormat FORMAT = SETTINGS.format();

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    private final List<Database> opened = new ArrayList<>();
    private String postgresUrl;

    @BeforeEach
    void createDatabase() {
        postgresUrl = dialect == Database.Dialect.POSTGRESQL ? TestDatabases.newPostgresDatabase() : null;
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    /** A node's own connection pool on the shared database. */
    private Database node() {
        Database database =
                switch (dialect) {
                    case SQLITE -> Database.sqlite(dataDir.resolve("entries.sqlite"));
                    case POSTGRESQL -> Database.postgresql(postgresUrl, "postgres", "postgres");
                };
        opened.add(database);
        return database;
    }

    private static RegistrationIdLedger ledger(Database database) {
        return RegistrationIdLedger.open(database, id -> SAMPLE);
    }

    @Test
    void noNumberGoesToTwoRequestsAcrossTwoNodesAndEightThreadsEach() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("RegistrationIdLedgerTest seed: " + seed);
        List<RegistrationIdLedger> nodes = List.of(ledger(node()), ledger(node()));
        RegistrationIdSettings small = new RegistrationIdSettings("AD-", 6, "damm", 7, 2, 1_000_000);
        Map<String, RegistrationIdLedger.Batch> firstAnswers = new ConcurrentHashMap<>();
        List<RegistrationIdLedger.Batch> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Random random = new Random(seed + t);
                RegistrationIdLedger node = nodes.get(t % 2);
                done.add(threads.submit(() -> {
                    List<String> asked = new ArrayList<>();
                    for (int request = 0; request < 15; request++) {
                        String user = "fw-" + random.nextInt(5);
                        // a request sent again (its answer was lost), maybe through the other node
                        String requestId = !asked.isEmpty() && random.nextInt(4) == 0
                                ? asked.get(random.nextInt(asked.size()))
                                : user + ":" + UUID.randomUUID();
                        asked.add(requestId);
                        String owner = requestId.substring(0, requestId.indexOf(':'));
                        RegistrationIdLedger.Batch batch = node.reserve(CAMPAIGN, owner, requestId, small);
                        answers.add(batch);
                        firstAnswers.putIfAbsent(requestId, batch);
                    }
                    return null;
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            threads.shutdownNow();
        }
        Map<Long, String> owners = new TreeMap<>();
        for (RegistrationIdLedger.Batch answer : answers) {
            RegistrationIdLedger.Batch first = firstAnswers.get(answer.requestId());
            assertEquals(first.firstNumber(), answer.firstNumber(), "the same request, another batch; seed " + seed);
            assertEquals(7, answer.count(), "seed " + seed);
        }
        for (RegistrationIdLedger.Batch batch : firstAnswers.values()) {
            for (long n = batch.firstNumber(); n < batch.firstNumber() + batch.count(); n++) {
                String before = owners.put(n, batch.requestId());
                assertNull(
                        before, "number " + n + " went to " + before + " and " + batch.requestId() + "; seed " + seed);
            }
        }
        // the numbers handed out are 1..N without a gap
        assertEquals(1L, owners.keySet().iterator().next());
        assertEquals((long) owners.size(), ((TreeMap<Long, String>) owners).lastKey(), "seed " + seed);
        long perUser = firstAnswers.values().stream()
                .filter(b -> b.userId().equals("fw-0"))
                .count();
        assertEquals(perUser * 7, nodes.get(0).holdings(CAMPAIGN, "fw-0").dispatched());
    }

    @Test
    void aUserHoldingTooManyUnusedIdsGetsNoMoreAndARetryIsAnsweredAgain() {
        RegistrationIdLedger ledger = ledger(node());
        RegistrationIdSettings settings = new RegistrationIdSettings("AD-", 6, "damm", 10, 2, 20);
        RegistrationIdLedger.Batch first = ledger.reserve(CAMPAIGN, "fw", "r1", settings);
        assertTrue(first.reservedNow());
        RegistrationIdLedger.Batch again = ledger.reserve(CAMPAIGN, "fw", "r1", settings);
        assertFalse(again.reservedNow());
        assertEquals(first.firstNumber(), again.firstNumber());
        ledger.reserve(CAMPAIGN, "fw", "r2", settings);
        RuleViolationException refused =
                assertThrows(RuleViolationException.class, () -> ledger.reserve(CAMPAIGN, "fw", "r3", settings));
        assertEquals("too-many-registration-ids-held", refused.code());
        assertTrue(refused.getMessage().contains("holds 20 unused"), refused.getMessage());
        // another user is not held back
        assertEquals(21, ledger.reserve(CAMPAIGN, "other", "r1", settings).firstNumber());
    }

    @Test
    void requestsOfOneUserAtOnceOnTwoNodesNeverHoldMoreThanMaxHeld() throws Exception {
        List<RegistrationIdLedger> nodes = List.of(ledger(node()), ledger(node()));
        RegistrationIdSettings settings = new RegistrationIdSettings("AD-", 6, "damm", 10, 2, 30);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RegistrationIdLedger node = nodes.get(t % 2);
                String requestId = "r" + t;
                answers.add(threads.submit(() -> {
                    try {
                        node.reserve(CAMPAIGN, "fw", requestId, settings);
                        return true;
                    } catch (RuleViolationException refused) {
                        return false;
                    }
                }));
            }
            int granted = 0;
            for (Future<Boolean> answer : answers) {
                granted += answer.get() ? 1 : 0;
            }
            assertEquals(3, granted, "30 held at most, 10 per batch");
            assertEquals(30, nodes.get(1).holdings(CAMPAIGN, "fw").dispatched());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFormatWithNoNumbersLeftSaysSoAndTheLastBatchIsShort() {
        RegistrationIdLedger ledger = ledger(node());
        RegistrationIdSettings settings = new RegistrationIdSettings("X", 4, "damm", 1000, 10, 100_000);
        for (int batch = 0; batch < 9; batch++) {
            assertEquals(
                    1000, ledger.reserve(CAMPAIGN, "fw", "r" + batch, settings).count());
        }
        RegistrationIdLedger.Batch last = ledger.reserve(CAMPAIGN, "fw", "r9", settings);
        assertEquals(9001, last.firstNumber());
        assertEquals(999, last.count(), "numbers 1 to 9999");
        RuleViolationException refused =
                assertThrows(RuleViolationException.class, () -> ledger.reserve(CAMPAIGN, "fw", "r10", settings));
        assertEquals("registration-ids-exhausted", refused.code());
        assertTrue(refused.getMessage().contains("more digits"), refused.getMessage());
    }

    @Test
    void anEntryNeedsAnIdDispatchedToItsCreatorAndNotUsedByAnotherEntry() throws IOException {
        Database entries = node();
        RegistrationIdLedger ledger = ledger(entries);
        try (ObjectStore objects = new FolderObjectStore(dataDir);
                UploadService service = UploadService.open(
                        dataDir,
                        entries,
                        objects,
                        UploadLimits.defaults(),
                        UploadFixtures::sampleForms,
                        List.of(ledger))) {
            RegistrationIdLedger.Batch mine = ledger.reserve(CAMPAIGN, "fw-encamp", "r1", SETTINGS);
            RegistrationIdLedger.Batch theirs = ledger.reserve(CAMPAIGN, "fw-ordino", "r1", SETTINGS);
            String myId = FORMAT.format(mine.firstNumber());
            ObjectNode registered = household(myId);
            ObjectNode reused = household(myId);
            ObjectNode forged = household(FORMAT.format(theirs.firstNumber() + theirs.count() + 5));
            ObjectNode othersId = household(FORMAT.format(theirs.firstNumber()));
            ObjectNode inOneFile = household(FORMAT.format(mine.firstNumber() + 1));
            ObjectNode sameIdSameFile = household(FORMAT.format(mine.firstNumber() + 1));

            Receipt receipt = upload(
                    service,
                    UploadFixtures.encampWorker(),
                    List.of(registered, reused, forged, othersId, inOneFile, sameIdSameFile));
            assertEquals(
                    List.of(
                            Outcome.ACCEPTED,
                            Outcome.REJECTED,
                            Outcome.REJECTED,
                            Outcome.REJECTED,
                            Outcome.ACCEPTED,
                            Outcome.REJECTED),
                    receipt.entries().stream().map(EntryResult::result).toList());
            List<String> reasons =
                    receipt.entries().stream().map(EntryResult::reason).toList();
            assertEquals("registration-id-used", reasons.get(1));
            assertTrue(
                    receipt.entries()
                            .get(1)
                            .message()
                            .contains(registered.get("clientReferenceId").asText()),
                    receipt.entries().get(1).message());
            assertEquals("registration-id-not-dispatched", reasons.get(2));
            assertEquals("registration-id-not-dispatched", reasons.get(3));
            assertEquals("registration-id-used", reasons.get(5));

            // the same entry sent again is a duplicate, and its ID stays used by it
            // even after another entry giving its ID in the same file
            Receipt again = upload(service, UploadFixtures.encampWorker(), List.of(household(myId), registered));
            assertEquals(
                    List.of(Outcome.REJECTED, Outcome.DUPLICATE),
                    again.entries().stream().map(EntryResult::result).toList());
            assertEquals("registration-id-used", again.entries().get(0).reason());

            // a mistyped ID fails its check digit on the phone, and here
            String mistyped = myId.substring(0, myId.length() - 1) + ((myId.charAt(myId.length() - 1) - '0' + 1) % 10);
            Receipt typo = upload(service, UploadFixtures.encampWorker(), List.of(household(mistyped)));
            assertEquals("invalid-field-value", typo.entries().get(0).reason());

            RegistrationIdLedger.Holdings held = ledger.holdings(CAMPAIGN, "fw-encamp");
            assertEquals(SETTINGS.batchSize(), held.dispatched());
            assertEquals(2, held.used());
            assertEquals(SETTINGS.batchSize() - 2, held.left());
            assertEquals(0, ledger.holdings(CAMPAIGN, "fw-ordino").used());
        }
    }

    @Test
    void usedAndLeftMatchTheStoredEntriesAfterRandomUploadsAndRetries() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("RegistrationIdLedgerTest used/left seed: " + seed);
        Random random = new Random(seed);
        Database entries = node();
        RegistrationIdLedger ledger = ledger(entries);
        List<String> users = List.of("fw-a", "fw-b", "fw-c");
        try (ObjectStore objects = new FolderObjectStore(dataDir);
                UploadService service = UploadService.open(
                        dataDir,
                        entries,
                        objects,
                        UploadLimits.defaults(),
                        UploadFixtures::sampleForms,
                        List.of(ledger))) {
            Map<String, List<String>> dispatched = new HashMap<>();
            for (String user : users) {
                for (int b = 0; b < 2; b++) {
                    RegistrationIdLedger.Batch batch = ledger.reserve(CAMPAIGN, user, "r" + b, SETTINGS);
                    for (long n = batch.firstNumber(); n < batch.firstNumber() + batch.count(); n++) {
                        dispatched.computeIfAbsent(user, u -> new ArrayList<>()).add(FORMAT.format(n));
                    }
                }
            }
            List<String> allIds =
                    dispatched.values().stream().flatMap(List::stream).toList();
            Map<String, String> usedBy = new HashMap<>(); // ID → its entry, as the reference sees it
            Map<String, String> creatorOf = new HashMap<>();
            List<ObjectNode> sent = new ArrayList<>();
            for (int upload = 0; upload < 30; upload++) {
                String user = users.get(random.nextInt(users.size()));
                List<ObjectNode> file = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(20); i++) {
                    if (!sent.isEmpty() && random.nextInt(8) == 0) {
                        ObjectNode earlier = sent.get(random.nextInt(sent.size()));
                        if (earlier.get("createdBy").asText().equals(user)) {
                            file.add(earlier); // a duplicate
                            continue;
                        }
                    }
                    // mostly the user's own IDs, sometimes another's
                    String id = random.nextInt(6) == 0
                            ? allIds.get(random.nextInt(allIds.size()))
                            : dispatched
                                    .get(user)
                                    .get(random.nextInt(dispatched.get(user).size()));
                    ObjectNode entry =
                            UploadFixtures.household(UUID.randomUUID().toString(), UploadFixtures.ENCAMP, user, 3);
                    ((ObjectNode) entry.get("data")).put("registration_id", id);
                    file.add(entry);
                }
                Receipt receipt = upload(service, new Uploader(user, CAMPAIGN, b -> true), file);
                for (int i = 0; i < file.size(); i++) {
                    ObjectNode entry = file.get(i);
                    String entryId = entry.get("clientReferenceId").asText();
                    String id = entry.at("/data/registration_id").asText();
                    boolean mine = dispatched.get(user).contains(id);
                    String holder = usedBy.get(id);
                    Outcome expected = !mine
                            ? Outcome.REJECTED
                            : holder == null
                                    ? Outcome.ACCEPTED
                                    : holder.equals(entryId) ? Outcome.DUPLICATE : Outcome.REJECTED;
                    assertEquals(
                            expected,
                            receipt.entries().get(i).result(),
                            "entry " + i + " of upload " + upload + "; seed " + seed);
                    if (expected == Outcome.ACCEPTED) {
                        usedBy.put(id, entryId);
                        creatorOf.put(entryId, user);
                        sent.add(entry);
                    }
                }
            }
            for (String user : users) {
                long used = creatorOf.values().stream().filter(user::equals).count();
                RegistrationIdLedger.Holdings held = ledger.holdings(CAMPAIGN, user);
                assertEquals(used, held.used(), user + "; seed " + seed);
                assertEquals(2L * SETTINGS.batchSize() - used, held.left(), user + "; seed " + seed);
            }
        }
    }

    private static ObjectNode household(String registrationId) {
        ObjectNode entry = UploadFixtures.household(UploadFixtures.ENCAMP);
        ((ObjectNode) entry.get("data")).put("registration_id", registrationId);
        return entry;
    }

    private static Receipt upload(UploadService service, Uploader uploader, List<ObjectNode> entries)
            throws IOException {
        byte[] file = UploadFixtures.ndjson(entries);
        return service.upload(uploader, new ByteArrayInputStream(file), UploadFixtures.sha256(file));
    }
}
