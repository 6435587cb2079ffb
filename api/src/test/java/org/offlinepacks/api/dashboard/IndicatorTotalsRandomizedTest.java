package org.offlinepacks.api.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.upload.EntryCompanion;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.FormCatalog;
import org.offlinepacks.api.upload.PendingEntry;
import org.offlinepacks.api.upload.UploadFixtures;
import org.offlinepacks.api.upload.UploadLimits;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.Campaign;
import org.offlinepacks.boundarydata.campaign.CampaignSettings;
import org.offlinepacks.boundarydata.campaign.IndicatorDefinition;
import org.offlinepacks.boundarydata.campaign.IndicatorDefinition.Aggregate;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.TestDatabases;

/**
 * The dashboards' totals against a recount from the stored entries: after random uploads with new
 * entries, duplicates, conflicting versions, invalid lines, files sent again and uploads that fail
 * half-way (their transaction rolled back), every indicator of every boundary (with roll-up to its
 * ancestors) and day equals what a brute-force count of the stored entries gives.
 */
@ParameterizedClass
@EnumSource(Database.Dialect.class)
class IndicatorTotalsRandomizedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "andorra";
    private static final String ENCAMP_NORTH = "encamp-north";

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dataDir;

    private Database entries;
    private ObjectStore objects;
    private Campaign campaign;
    private IndicatorTotals totals;
    private final FailingCompanion failing = new FailingCompanion();
    private UploadService service;

    @BeforeEach
    void open() throws IOException {
        entries = TestDatabases.open(dialect, dataDir);
        objects = new FolderObjectStore(dataDir);
        campaign = withHierarchyAndIndicators(PackFixtures.sampleCampaign());
        totals = IndicatorTotals.open(entries, id -> campaign);
        service = UploadService.open(
                dataDir,
                entries,
                objects,
                UploadLimits.defaults(),
                id -> FormCatalog.of(campaign),
                List.of(totals, failing));
    }

    @AfterEach
    void close() {
        service.close();
        objects.close();
        entries.close();
    }

    /**
     * The sample campaign with a country above the parishes and a part of Encamp below it, and
     * indicators of every kind: count, sum, distinct, and counts with a filter.
     */
    static Campaign withHierarchyAndIndicators(Campaign sample) {
        List<Boundary> boundaries = new ArrayList<>();
        Boundary encamp = sample.boundary(UploadFixtures.ENCAMP).orElseThrow();
        boundaries.add(new Boundary(ROOT, "Andorra", null, encamp.geometry(), "1"));
        for (Boundary parish : sample.boundaries()) {
            boundaries.add(new Boundary(parish.id(), parish.name(), ROOT, parish.geometry(), parish.version()));
        }
        boundaries.add(new Boundary(ENCAMP_NORTH, "Encamp north", encamp.id(), encamp.geometry(), "1"));
        List<IndicatorDefinition> indicators = List.of(
                new IndicatorDefinition(
                        "households", "Households registered", "household-registration", Aggregate.COUNT, null, null),
                new IndicatorDefinition(
                        "people", "People registered", "household-registration", Aggregate.SUM, "members", null),
                new IndicatorDefinition(
                        "pregnant-households",
                        "Households with a pregnant woman",
                        "household-registration",
                        Aggregate.COUNT,
                        null,
                        new IndicatorDefinition.Filter(
                                "pregnant", JSON.getNodeFactory().booleanNode(true))),
                new IndicatorDefinition(
                        "nets", "Nets distributed", "bednet-distribution", Aggregate.SUM, "nets_given", null),
                new IndicatorDefinition(
                        "households-served",
                        "Households served",
                        "bednet-distribution",
                        Aggregate.DISTINCT,
                        "household_id",
                        null),
                new IndicatorDefinition(
                        "refusals",
                        "Refusals",
                        "bednet-distribution",
                        Aggregate.COUNT,
                        null,
                        new IndicatorDefinition.Filter("refusal_reason", new TextNode("refused"))));
        CampaignSettings s = sample.settings();
        CampaignSettings settings = new CampaignSettings(
                s.id(),
                s.name(),
                s.locales(),
                s.attribution(),
                s.tiles(),
                s.routing(),
                s.registrationIds(),
                indicators,
                s.attachments(),
                s.tileOverrides());
        return new Campaign(
                sample.folder(),
                settings,
                boundaries,
                sample.points(),
                sample.forms(),
                sample.localizations(),
                sample.sosContacts());
    }

    @Test
    void everyIndicatorEqualsARecountFromTheStoredEntriesAfterRandomUploadsRetriesAndCrashes() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("IndicatorTotalsRandomizedTest seed: " + seed);
        Random random = new Random(seed);
        List<String> boundaries =
                campaign.boundaries().stream().map(Boundary::id).toList();
        Uploader uploader = UploadFixtures.supervisor("sup", boundaries.toArray(String[]::new));
        List<ObjectNode> sent = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        for (int upload = 0; upload < 25; upload++) {
            if (!files.isEmpty() && random.nextInt(6) == 0) { // the answer was lost: the same file again
                byte[] again = files.get(random.nextInt(files.size()));
                upload(uploader, again);
                continue;
            }
            List<String> lines = new ArrayList<>();
            int count = 1 + random.nextInt(random.nextBoolean() ? 10 : 700);
            for (int i = 0; i < count; i++) {
                int kind = random.nextInt(20);
                if (kind == 0 && !sent.isEmpty()) { // sent before: a duplicate
                    lines.add(sent.get(random.nextInt(sent.size())).toString());
                } else if (kind == 1 && !sent.isEmpty()) { // another version of an id: a conflict
                    ObjectNode other = sent.get(random.nextInt(sent.size())).deepCopy();
                    other.put("createdAt", "2026-11-0" + (1 + random.nextInt(9)) + "T23:59:00Z");
                    lines.add(other.toString());
                } else if (kind == 2) { // rejected: counts nowhere
                    ObjectNode bad = entry(random, boundaries);
                    ((ObjectNode) bad.get("data"))
                            .remove(bad.path("formId").asText().startsWith("house") ? "members" : "nets_given");
                    lines.add(bad.toString());
                } else {
                    ObjectNode entry = entry(random, boundaries);
                    sent.add(entry);
                    lines.add(entry.toString());
                }
            }
            byte[] file = UploadFixtures.ndjson(lines);
            if (random.nextInt(5) == 0) { // the node fails half-way: nothing of the file is kept
                failing.failAfterBatches = 0; // after its first batch was written
                assertThrows(RuntimeException.class, () -> upload(uploader, file), "seed " + seed);
                failing.failAfterBatches = -1;
                assertTotalsEqualARecount(seed);
            }
            upload(uploader, file);
            files.add(file);
        }
        assertTotalsEqualARecount(seed);
    }

    @Test
    void uploadsAtOnceOnTwoNodesWithSharedEntriesCountEachEntryOnce() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("IndicatorTotalsRandomizedTest two nodes seed: " + seed);
        Random random = new Random(seed);
        List<String> boundaries =
                campaign.boundaries().stream().map(Boundary::id).toList();
        Uploader uploader = UploadFixtures.supervisor("sup", boundaries.toArray(String[]::new));
        // entries that several devices carry: sent by several threads at once, on both nodes
        List<ObjectNode> shared = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            shared.add(entry(random, boundaries));
        }
        String postgresUrl = dialect == Database.Dialect.POSTGRESQL ? TestDatabases.newPostgresDatabase() : null;
        List<Database> pools = new ArrayList<>();
        List<UploadService> nodes = new ArrayList<>();
        IndicatorTotals nodeTotals = null;
        try {
            for (String node : List.of("a", "b")) {
                Database pool =
                        switch (dialect) {
                            case SQLITE -> Database.sqlite(dataDir.resolve("shared-entries.sqlite"));
                            case POSTGRESQL -> Database.postgresql(postgresUrl, "postgres", "postgres");
                        };
                pools.add(pool);
                IndicatorTotals totalsOfNode = IndicatorTotals.open(pool, id -> campaign);
                nodeTotals = totalsOfNode;
                nodes.add(UploadService.open(
                        dataDir.resolve("node-" + node),
                        pool,
                        objects,
                        UploadLimits.defaults(),
                        id -> FormCatalog.of(campaign),
                        List.of(totalsOfNode)));
            }
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    UploadService node = nodes.get(t % 2);
                    Random own = new Random(seed + t);
                    done.add(threads.submit(() -> {
                        for (int f = 0; f < 4; f++) {
                            List<ObjectNode> file = new ArrayList<>();
                            for (int i = 0; i < 60; i++) {
                                file.add(
                                        own.nextBoolean()
                                                ? shared.get(own.nextInt(shared.size()))
                                                : entry(own, boundaries));
                            }
                            byte[] bytes = UploadFixtures.ndjson(file);
                            node.upload(uploader, new ByteArrayInputStream(bytes), UploadFixtures.sha256(bytes));
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> thread : done) {
                    thread.get();
                }
            } finally {
                threads.shutdownNow();
            }
            IndicatorTotals finalTotals = nodeTotals;
            Database pool = pools.get(0);
            Map<String, Long> stored = new TreeMap<>();
            for (IndicatorTotals.Total total :
                    finalTotals.totals(campaign.settings().id(), boundaries)) {
                if (total.value() != 0) {
                    stored.put(total.indicatorId() + " " + total.boundaryId() + " " + total.day(), total.value());
                }
            }
            assertEquals(recount(pool), stored, "seed " + seed);
        } finally {
            nodes.forEach(UploadService::close);
            pools.forEach(Database::close);
        }
    }

    private void upload(Uploader uploader, byte[] file) throws IOException {
        service.upload(uploader, new ByteArrayInputStream(file), UploadFixtures.sha256(file));
    }

    private static ObjectNode entry(Random random, List<String> boundaries) {
        String boundary = boundaries.get(random.nextInt(boundaries.size()));
        String day = "2026-11-0" + (1 + random.nextInt(4));
        // late in the evening east of UTC: the entry's own date counts, not UTC's
        String createdAt = random.nextBoolean() ? day + "T09:30:00Z" : day + "T00:30:00+02:00";
        if (random.nextBoolean()) {
            ObjectNode household = UploadFixtures.household(
                    UUID.randomUUID().toString(), boundary, "fw-" + random.nextInt(3), 1 + random.nextInt(9));
            household.put("createdAt", createdAt);
            if (random.nextInt(3) > 0) {
                ((ObjectNode) household.get("data")).put("pregnant", random.nextBoolean());
            }
            return household;
        }
        ObjectNode distribution = JSON.createObjectNode();
        distribution.put("clientReferenceId", UUID.randomUUID().toString());
        distribution.put("formId", "bednet-distribution");
        distribution.put("formVersion", 2);
        distribution.put("boundaryId", boundary);
        distribution.put("createdBy", "fw-" + random.nextInt(3));
        distribution.put("createdAt", createdAt);
        ObjectNode data = distribution.putObject("data");
        data.put("household_id", "HH-" + random.nextInt(40)); // often the same household again
        data.put("nets_given", random.nextInt(4));
        if (random.nextInt(3) == 0) {
            data.put("refusal_reason", List.of("absent", "has_nets", "refused").get(random.nextInt(3)));
        }
        return distribution;
    }

    private void assertTotalsEqualARecount(long seed) {
        List<String> boundaries =
                campaign.boundaries().stream().map(Boundary::id).toList();
        Map<String, Long> stored = new TreeMap<>();
        for (IndicatorTotals.Total total : totals.totals(campaign.settings().id(), boundaries)) {
            if (total.value() != 0) {
                stored.put(total.indicatorId() + " " + total.boundaryId() + " " + total.day(), total.value());
            }
        }
        assertEquals(recount(entries), stored, "seed " + seed);
    }

    /** Every (indicator, boundary, day) counted from the stored entries: the entries below a boundary, one by one. */
    private Map<String, Long> recount(Database database) {
        List<JsonNode> stored = database.read(connection -> storedEntries(connection));
        Map<String, String> parents = new HashMap<>();
        campaign.boundaries().forEach(b -> parents.put(b.id(), b.parentId()));
        Map<String, Long> expected = new TreeMap<>();
        for (IndicatorDefinition indicator : campaign.settings().indicators()) {
            for (Boundary boundary : campaign.boundaries()) {
                Set<String> days = new HashSet<>();
                days.add("");
                stored.forEach(e -> days.add(e.get("createdAt").asText().substring(0, 10)));
                for (String day : days) {
                    long sum = 0;
                    Set<JsonNode> distinct = new HashSet<>();
                    for (JsonNode entry : stored) {
                        if (!entry.get("formId").asText().equals(indicator.formId())
                                || !isWithin(entry.get("boundaryId").asText(), boundary.id(), parents)
                                || !(day.isEmpty()
                                        || entry.get("createdAt").asText().startsWith(day))) {
                            continue;
                        }
                        JsonNode data = entry.get("data");
                        if (indicator.filter() != null
                                && !indicator
                                        .filter()
                                        .value()
                                        .equals(data.get(indicator.filter().field()))) {
                            continue;
                        }
                        switch (indicator.aggregate()) {
                            case COUNT -> sum++;
                            case SUM -> sum += data.path(indicator.field()).asLong();
                            case DISTINCT -> distinct.add(data.get(indicator.field()));
                        }
                    }
                    long value = indicator.aggregate() == Aggregate.DISTINCT ? distinct.size() : sum;
                    if (value != 0) {
                        expected.put(indicator.id() + " " + boundary.id() + " " + day, value);
                    }
                }
            }
        }
        return expected;
    }

    private static boolean isWithin(String boundaryId, String area, Map<String, String> parents) {
        for (String id = boundaryId; id != null; id = parents.get(id)) {
            if (id.equals(area)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> storedEntries(Connection connection) throws java.sql.SQLException {
        return Sql.query(connection, "SELECT entry_json FROM entry", row -> {
            try {
                return JSON.readTree(row.getString(1));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Fails an upload after some batches, as a node that dies half-way: its transaction is rolled back. */
    private static final class FailingCompanion implements EntryCompanion {
        volatile int failAfterBatches = -1;

        @Override
        public Session begin(Connection connection, String campaignId) {
            int failAfter = failAfterBatches;
            return new Session() {
                private int batches;

                @Override
                public void written(List<PendingEntry> written, List<EntryResult.Outcome> outcomes) {
                    if (failAfter >= 0 && batches++ >= failAfter) {
                        throw new IllegalStateException("the node died half-way through the upload");
                    }
                }
            };
        }
    }
}
