package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.TestDatabases;

/**
 * Devices relaying the same entries upload them at once on two nodes sharing the entries'
 * database: every upload succeeds and each entry is stored once, whatever order the files list
 * them in. A batch is inserted in id order, so one-batch uploads never deadlock; files of several
 * batches still may (batch 1 of one holds what batch 2 of the other wants), and PostgreSQL aborts
 * one of them, which is run again.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class ConcurrentUploadsTest {
    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    @Test
    void theSameEntriesInOtherOrdersOnTwoNodesAreEachStoredOnce() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ConcurrentUploadsTest seed: " + seed);
        List<ObjectNode> shared = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            shared.add(UploadFixtures.household(UploadFixtures.ENCAMP));
        }
        Uploader uploader = UploadFixtures.supervisor("sup", UploadFixtures.ENCAMP);
        String postgresUrl = dialect == Database.Dialect.POSTGRESQL ? TestDatabases.newPostgresDatabase() : null;
        List<Database> pools = new ArrayList<>();
        List<UploadService> nodes = new ArrayList<>();
        try (ObjectStore objects = new FolderObjectStore(dataDir)) {
            for (String node : List.of("a", "b")) {
                Database pool =
                        switch (dialect) {
                            case SQLITE -> Database.sqlite(dataDir.resolve("shared-entries.sqlite"));
                            case POSTGRESQL -> Database.postgresql(postgresUrl, "postgres", "postgres");
                        };
                pools.add(pool);
                nodes.add(UploadService.open(
                        dataDir.resolve("node-" + node),
                        pool,
                        objects,
                        UploadLimits.defaults(),
                        UploadFixtures::sampleForms));
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    UploadService node = nodes.get(t % 2);
                    Random random = new Random(seed + t);
                    done.add(threads.submit(() -> {
                        for (int f = 0; f < 2; f++) {
                            List<ObjectNode> file = new ArrayList<>(shared);
                            java.util.Collections.shuffle(file, random);
                            file = file.subList(0, 700); // two batches of the ingester
                            Set<String> ids = new HashSet<>();
                            file.forEach(e -> ids.add(e.get("clientReferenceId").asText()));
                            byte[] bytes = UploadFixtures.ndjson(file);
                            node.upload(uploader, new ByteArrayInputStream(bytes), UploadFixtures.sha256(bytes));
                            sent.addAll(ids);
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
            try (SqlEntryStore store = SqlEntryStore.open(pools.get(0))) {
                assertEquals(sent.size(), store.entryCount(), "seed " + seed);
            }
        } finally {
            nodes.forEach(UploadService::close);
            pools.forEach(Database::close);
        }
    }
}
