package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.offlinepacks.api.upload.UploadFixtures.ENCAMP;
import static org.offlinepacks.api.upload.UploadFixtures.ORDINO;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.upload.EntryResult.Outcome;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.store.Database;

/**
 * Random files drawn from a small pool of ids with two versions each, sent in random order and
 * some twice, against a reference that applies "first version wins" line by line.
 */
class UploadServiceRandomizedTest {
    private static final int IDS = 40;

    @TempDir
    Path dataDir;

    @Test
    void everyEntryIsStoredOnceAndEveryLineGetsTheOutcomeOfTheReference() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed + " (rerun with it in new Random(seed) to reproduce)";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        Uploader uploader = UploadFixtures.encampWorker();
        Map<String, Integer> storedVersion = new HashMap<>();
        Map<String, Receipt> receiptsBySha = new HashMap<>();
        List<byte[]> sent = new ArrayList<>();

        try (Database entries = Database.sqlite(dataDir.resolve("entries.sqlite"));
                UploadService service = UploadService.open(
                        dataDir,
                        entries,
                        new FolderObjectStore(dataDir),
                        UploadLimits.defaults(),
                        UploadFixtures::sampleForms)) {
            for (int round = 0; round < 30; round++) {
                byte[] file;
                boolean again = !sent.isEmpty() && random.nextInt(5) == 0;
                List<Outcome> expected = new ArrayList<>();
                if (again) {
                    file = sent.get(random.nextInt(sent.size()));
                } else {
                    List<Object> lines = new ArrayList<>();
                    int count = 1 + random.nextInt(25);
                    for (int i = 0; i < count; i++) {
                        int kind = random.nextInt(10);
                        String id = ids.get(random.nextInt(IDS));
                        int version = random.nextInt(2);
                        if (kind == 0) {
                            lines.add("{not json");
                            expected.add(Outcome.REJECTED);
                        } else if (kind == 1) {
                            lines.add(UploadFixtures.household(id, ORDINO, "fw-ordino", 3 + version));
                            expected.add(Outcome.REJECTED);
                        } else {
                            lines.add(UploadFixtures.household(id, ENCAMP, "fw-encamp", 3 + version));
                            Integer first = storedVersion.putIfAbsent(id, version);
                            expected.add(
                                    first == null
                                            ? Outcome.ACCEPTED
                                            : first == version ? Outcome.DUPLICATE : Outcome.CONFLICT);
                        }
                    }
                    byte[] plain = UploadFixtures.ndjson(lines);
                    file = random.nextBoolean() ? UploadFixtures.gzip(plain) : plain;
                    sent.add(file);
                }
                String sha = UploadFixtures.sha256(file);
                Receipt receipt = service.upload(uploader, new ByteArrayInputStream(file), sha);
                if (receiptsBySha.containsKey(sha)) {
                    assertEquals(
                            receiptsBySha.get(sha), receipt, "a file sent again gets its first receipt; " + context);
                } else {
                    List<Outcome> actual =
                            receipt.entries().stream().map(EntryResult::result).toList();
                    assertEquals(expected, actual, "round " + round + "; " + context);
                    receiptsBySha.put(sha, receipt);
                }
            }
        }
        try (SqlEntryStore store = SqlEntryStore.embedded(dataDir.resolve("entries.sqlite"))) {
            assertEquals(storedVersion.size(), store.entryCount(), context);
            for (Map.Entry<String, Integer> entry : storedVersion.entrySet()) {
                String json = store.entry(entry.getKey()).orElseThrow().json();
                assertEquals(
                        true,
                        json.contains("\"members\":" + (3 + entry.getValue())),
                        "the first version is kept for " + entry.getKey() + "; " + context);
            }
        }
    }
}
