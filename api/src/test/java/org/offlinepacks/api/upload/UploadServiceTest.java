package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.offlinepacks.api.upload.UploadFixtures.ENCAMP;
import static org.offlinepacks.api.upload.UploadFixtures.ORDINO;
import static org.offlinepacks.api.upload.UploadFixtures.encampWorker;
import static org.offlinepacks.api.upload.UploadFixtures.gzip;
import static org.offlinepacks.api.upload.UploadFixtures.household;
import static org.offlinepacks.api.upload.UploadFixtures.ndjson;
import static org.offlinepacks.api.upload.UploadFixtures.sha256;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.upload.EntryResult.Outcome;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.storage.TestObjectStores;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/** The upload channel without HTTP, on the embedded SQLite file and on a real PostgreSQL server alike. */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class UploadServiceTest {
    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    private Database entries;
    /** The data folder with the embedded database; object storage with the shared one, as nodes run. */
    private ObjectStore objects;

    private UploadService service;

    @BeforeEach
    void open() throws IOException {
        entries = TestDatabases.open(dialect, dataDir);
        objects = dialect == Database.Dialect.SQLITE
                ? new FolderObjectStore(dataDir)
                : TestObjectStores.open(TestObjectStores.Kind.S3, dataDir);
        service = UploadService.open(dataDir, entries, objects, UploadLimits.defaults(), UploadFixtures::sampleForms);
    }

    @AfterEach
    void close() {
        service.close();
        objects.close();
        entries.close();
    }

    private Receipt upload(Uploader uploader, byte[] file) throws IOException {
        return service.upload(uploader, new ByteArrayInputStream(file), sha256(file));
    }

    private StoredFile append(Uploader uploader, String fileId, long offset, byte[] chunk) throws IOException {
        try (FileStorage.Append append = service.append(uploader, fileId, offset, null)) {
            append.write(chunk, 0, chunk.length);
            return append.finish();
        }
    }

    private static List<Outcome> outcomes(Receipt receipt) {
        return receipt.entries().stream().map(EntryResult::result).toList();
    }

    private long storedEntries() {
        try (SqlEntryStore store = SqlEntryStore.open(entries)) {
            return store.entryCount();
        }
    }

    @Test
    void acceptsNewEntriesAndCallsTheSameContentAgainADuplicate() throws IOException {
        ObjectNode first = household(ENCAMP);
        ObjectNode second = household(ENCAMP);
        Receipt receipt = upload(encampWorker(), ndjson(List.of(first, second)));
        assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED), outcomes(receipt));
        assertEquals(
                first.get("clientReferenceId").asText(),
                receipt.entries().get(0).clientReferenceId());

        // Same content with other key order and spacing, in another file.
        String reordered = "{ \"data\": " + first.get("data") + ", \"clientReferenceId\": \""
                + first.get("clientReferenceId").asText() + "\", \"formId\": \"household-registration\","
                + " \"formVersion\": 3, \"boundaryId\": \"" + ENCAMP + "\", \"createdBy\": \"fw-encamp\","
                + " \"createdAt\": \"2026-11-02T09:30:00Z\" }";
        Receipt again = upload(encampWorker(), ndjson(List.of(reordered, household(ENCAMP))));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.ACCEPTED), outcomes(again));
        assertEquals(3, storedEntries());
    }

    @Test
    void keepsTheFirstVersionOfAConflictAndSetsTheNewOneAside() throws IOException {
        String id = UUID.randomUUID().toString();
        upload(encampWorker(), ndjson(List.of(household(id, ENCAMP, "fw-encamp", 4))));
        Receipt receipt = upload(encampWorker(), ndjson(List.of(household(id, ENCAMP, "fw-encamp", 5))));

        EntryResult result = receipt.entries().get(0);
        assertEquals(Outcome.CONFLICT, result.result());
        assertEquals("different-content", result.reason());
        try (SqlEntryStore store = SqlEntryStore.open(entries)) {
            assertTrue(store.entry(id).orElseThrow().json().contains("\"members\":4"));
            assertEquals(1, store.conflictCount(id));
        }
    }

    @Test
    void rejectsBadEntriesWithAReasonWithoutBlockingTheOthers() throws IOException {
        ObjectNode unknownForm = household(ENCAMP).put("formId", "vaccination");
        ObjectNode unknownVersion = household(ENCAMP).put("formVersion", 1);
        ObjectNode missingRequired = household(ENCAMP);
        ((ObjectNode) missingRequired.get("data")).remove("members");
        ObjectNode outOfRange = household(ENCAMP);
        ((ObjectNode) outOfRange.get("data")).put("members", 0);
        ObjectNode notAUuid = household(ENCAMP).put("clientReferenceId", "abc");
        ObjectNode badTimestamp = household(ENCAMP).put("createdAt", "yesterday");
        ObjectNode otherArea = household(ORDINO);
        ObjectNode good = household(ENCAMP);

        Receipt receipt = upload(
                encampWorker(),
                ndjson(List.of(
                        unknownForm,
                        unknownVersion,
                        missingRequired,
                        outOfRange,
                        notAUuid,
                        badTimestamp,
                        otherArea,
                        "{\"clientReferenceId\": ",
                        "[1, 2]",
                        good)));

        List<String> reasons =
                receipt.entries().stream().map(EntryResult::reason).toList();
        assertEquals(
                Arrays.asList(
                        "unknown-form",
                        "unknown-form-version",
                        "missing-required-field",
                        "invalid-field-value",
                        "invalid-field",
                        "invalid-field",
                        "boundary-not-allowed",
                        "malformed-json",
                        "malformed-json",
                        null),
                reasons);
        assertEquals(new Receipt.Counts(1, 0, 0, 9), receipt.counts());
        assertEquals(10, receipt.entries().get(9).line());
        assertEquals(1, storedEntries());
    }

    @Test
    void aWrongChecksumStoresNothing() throws IOException {
        byte[] file = ndjson(List.of(household(ENCAMP)));
        UploadException e = assertThrows(
                UploadException.class,
                () -> service.upload(encampWorker(), new ByteArrayInputStream(file), sha256(new byte[] {1})));
        assertEquals(UploadException.Reason.CHECKSUM_MISMATCH, e.reason());
        assertEquals(0, storedEntries());
    }

    @Test
    void theSameFileTwiceGetsTheSameReceiptAndStoresNothingNew() throws IOException {
        byte[] file = gzip(ndjson(List.of(household(ENCAMP), household(ENCAMP))));
        Receipt first = upload(encampWorker(), file);
        Receipt second = upload(encampWorker(), file);
        assertEquals(first, second);
        assertEquals(2, storedEntries());
        assertEquals(first, service.receipt(encampWorker(), first.uploadId()).orElseThrow());
        assertTrue(service.receipt(UploadFixtures.uploader("fw-ordino", ORDINO), first.uploadId())
                .isEmpty());
    }

    @Test
    void aTruncatedGzipStoresNoneOfItsEntries() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append(household(ENCAMP)).append('\n');
        }
        byte[] gzip = gzip(lines.toString().getBytes());
        byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
        UploadException e = assertThrows(UploadException.class, () -> upload(encampWorker(), truncated));
        assertEquals(UploadException.Reason.CORRUPT_GZIP, e.reason());
        assertEquals(0, storedEntries());

        assertEquals(2000, upload(encampWorker(), gzip).counts().accepted());
    }

    @Test
    void relayedEntriesAreAcceptedInsideTheUploadersAreaOnly() throws IOException {
        Uploader supervisor = UploadFixtures.supervisor("sup-north", ENCAMP, ORDINO);
        ObjectNode byEncampWorker = household(UUID.randomUUID().toString(), ENCAMP, "fw-encamp", 3);
        ObjectNode byOrdinoWorker = household(UUID.randomUUID().toString(), ORDINO, "fw-ordino", 3);
        ObjectNode bySouthWorker =
                household(UUID.randomUUID().toString(), UploadFixtures.ANDORRA_LA_VELLA, "fw-south", 3);

        Receipt receipt = upload(supervisor, ndjson(List.of(byEncampWorker, byOrdinoWorker, bySouthWorker)));

        assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED), outcomes(receipt));
        assertEquals("boundary-not-allowed", receipt.entries().get(2).reason());
        try (SqlEntryStore store = SqlEntryStore.open(entries)) {
            StoredEntry relayed = store.entry(
                            byOrdinoWorker.get("clientReferenceId").asText())
                    .orElseThrow();
            assertEquals("fw-ordino", relayed.createdBy());
            assertEquals("sup-north", relayed.uploadedBy());
        }
    }

    @Test
    void aResumedTwoStepUploadIsRegisteredOnceComplete() throws IOException {
        byte[] file = gzip(ndjson(List.of(household(ENCAMP), household(ENCAMP), household(ENCAMP))));
        StoredFile created = service.createFile(encampWorker(), file.length, "");
        int half = file.length / 2;
        append(encampWorker(), created.id(), 0, Arrays.copyOfRange(file, 0, half));

        UploadException early =
                assertThrows(UploadException.class, () -> service.register(encampWorker(), created.id(), sha256(file)));
        assertEquals(UploadException.Reason.INCOMPLETE_FILE, early.reason());
        UploadException wrongOffset =
                assertThrows(UploadException.class, () -> append(encampWorker(), created.id(), 0, file));
        assertEquals(UploadException.Reason.OFFSET_MISMATCH, wrongOffset.reason());

        long offset = service.fileStatus(encampWorker(), created.id()).offset();
        assertEquals(half, offset);
        StoredFile done = append(encampWorker(), created.id(), offset, Arrays.copyOfRange(file, half, file.length));
        assertTrue(done.complete());

        Receipt receipt = service.register(encampWorker(), created.id(), sha256(file));
        assertEquals(3, receipt.counts().accepted());
        assertEquals(receipt, service.register(encampWorker(), created.id(), sha256(file)));
        assertEquals(3, storedEntries());
    }

    @Test
    void otherUsersCannotTouchAnUploadedFile() throws IOException {
        StoredFile created = service.createFile(encampWorker(), 10, "");
        Uploader other = UploadFixtures.uploader("fw-ordino", ORDINO);
        UploadException e = assertThrows(UploadException.class, () -> append(other, created.id(), 0, new byte[10]));
        assertEquals(UploadException.Reason.UNKNOWN_FILE, e.reason());
    }

    @Test
    void refusesFilesOverTheLimitsWithAMessageThatSaysWhatToDo() throws IOException {
        service.close();
        service = UploadService.open(
                dataDir, entries, objects, new UploadLimits(4096, 8192, 1024, 3), UploadFixtures::sampleForms);

        UploadException tooBig = assertThrows(UploadException.class, () -> upload(encampWorker(), new byte[5000]));
        assertEquals(UploadException.Reason.FILE_TOO_LARGE, tooBig.reason());
        assertTrue(tooBig.getMessage().contains("split"), tooBig.getMessage());
        assertThrows(UploadException.class, () -> service.createFile(encampWorker(), 5000, ""));

        byte[] four = ndjson(List.of(household(ENCAMP), household(ENCAMP), household(ENCAMP), household(ENCAMP)));
        UploadException tooMany = assertThrows(UploadException.class, () -> upload(encampWorker(), four));
        assertEquals(UploadException.Reason.TOO_MANY_ENTRIES, tooMany.reason());

        ObjectNode huge = household(ENCAMP);
        ((ObjectNode) huge.get("data")).put("notes", "n".repeat(2000));
        Receipt receipt = upload(encampWorker(), ndjson(List.of(huge, household(ENCAMP))));
        assertEquals("entry-too-large", receipt.entries().get(0).reason());
        assertEquals(Outcome.ACCEPTED, receipt.entries().get(1).result());
        assertEquals(1, storedEntries());
    }

    @Test
    void receiptsAndEntriesSurviveAReopen() throws IOException {
        Receipt receipt = upload(encampWorker(), ndjson(List.of(household(ENCAMP))));
        service.close();
        service = UploadService.open(dataDir, entries, objects, UploadLimits.defaults(), UploadFixtures::sampleForms);
        assertEquals(
                receipt, service.receipt(encampWorker(), receipt.uploadId()).orElseThrow());
        assertNotEquals(
                receipt.uploadId(),
                upload(encampWorker(), ndjson(List.of(household(ENCAMP)))).uploadId());
        assertFalse(service.receipt(encampWorker(), "no-such-upload").isPresent());
    }
}
