package org.offlinepacks.api.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.StoreException;

/**
 * Entries and receipts in SQL: the embedded {@code DATA/entries.sqlite} or the shared PostgreSQL
 * database, with the same statements. One upload is one transaction that begins by claiming its
 * (uploader, file) row, so the same file sent to two nodes at once is stored once: the second
 * transaction waits for the first and then returns its receipt. Entries are written a batch per
 * statement ({@code INSERT ... ON CONFLICT DO NOTHING RETURNING}). The {@link EntryCompanion}s
 * run in the same transaction, batch by batch.
 */
public final class SqlEntryStore implements EntryStore {
    public static final String MIGRATIONS = "db/entries";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final boolean ownsDatabase;
    private final List<EntryCompanion> companions;

    private SqlEntryStore(Database database, boolean ownsDatabase, List<EntryCompanion> companions) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.companions = List.copyOf(companions);
        database.migrate("entries", MIGRATIONS);
    }

    /** The entry tables in {@code database} (created or brought up to date); the caller closes it. */
    public static SqlEntryStore open(Database database) {
        return open(database, List.of());
    }

    /** The entry tables, with companions whose tables are in the same {@code database}. */
    public static SqlEntryStore open(Database database, List<EntryCompanion> companions) {
        return new SqlEntryStore(database, false, companions);
    }

    /** An embedded store in its own SQLite file, closed with the store. */
    public static SqlEntryStore embedded(Path file) {
        return new SqlEntryStore(Database.sqlite(file), true, List.of());
    }

    @Override
    public Receipt ingestOnce(String uploaderId, String campaignId, String fileSha256, UploadWork work) {
        Optional<Receipt> earlier = receiptFor(uploaderId, fileSha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String uploadId = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        return database.transaction(connection -> {
            if (!claim(connection, uploadId, uploaderId, fileSha256, now)) {
                // another node took this file first; its transaction has committed by now
                return queryReceipt(
                                connection,
                                "SELECT receipt_json FROM upload WHERE uploader_id = ? AND file_sha256 = ?",
                                uploaderId,
                                fileSha256)
                        .orElseThrow(() -> new StoreException("the receipt of " + fileSha256 + " vanished", null));
            }
            List<EntryCompanion.Session> sessions = new ArrayList<>();
            for (EntryCompanion companion : companions) {
                sessions.add(companion.begin(connection, campaignId));
            }
            Receipt receipt = work.ingest(uploadId, new Writer(connection, uploaderId, uploadId, now, sessions));
            completeReceipt(connection, receipt);
            return receipt;
        });
    }

    /** Inserts the upload's row first: a second node sending the same file waits here, then finds it. */
    private static boolean claim(Connection connection, String uploadId, String uploaderId, String sha256, String now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO upload (upload_id, uploader_id, file_sha256, received_at, accepted, duplicate, conflict,"
                        + " rejected, receipt_json) VALUES (?, ?, ?, ?, 0, 0, 0, 0, '')"
                        + " ON CONFLICT (uploader_id, file_sha256) DO NOTHING")) {
            insert.setString(1, uploadId);
            insert.setString(2, uploaderId);
            insert.setString(3, sha256);
            insert.setString(4, now);
            return insert.executeUpdate() == 1;
        }
    }

    private static void completeReceipt(Connection connection, Receipt receipt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE upload SET received_at = ?, accepted = ?, duplicate = ?, conflict = ?, rejected = ?,"
                        + " receipt_json = ? WHERE upload_id = ?")) {
            update.setString(1, receipt.receivedAt());
            update.setInt(2, receipt.counts().accepted());
            update.setInt(3, receipt.counts().duplicate());
            update.setInt(4, receipt.counts().conflict());
            update.setInt(5, receipt.counts().rejected());
            update.setString(6, JSON.writeValueAsString(receipt));
            update.setString(7, receipt.uploadId());
            update.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt is plain data", e);
        }
    }

    @Override
    public Optional<Receipt> receipt(String uploadId) {
        return database.read(c -> queryReceipt(c, "SELECT receipt_json FROM upload WHERE upload_id = ?", uploadId));
    }

    @Override
    public Optional<Receipt> receiptFor(String uploaderId, String fileSha256) {
        return database.read(c -> queryReceipt(
                c,
                "SELECT receipt_json FROM upload WHERE uploader_id = ? AND file_sha256 = ?",
                uploaderId,
                fileSha256));
    }

    private static Optional<Receipt> queryReceipt(Connection connection, String sql, String... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next() || row.getString(1).isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(JSON.readValue(row.getString(1), Receipt.class));
            }
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored receipt is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredEntry> entry(String clientReferenceId) {
        return database.read(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT client_reference_id, content_sha256, form_id, form_version, boundary_id, created_by,"
                            + " created_at, uploaded_by, upload_id, entry_json FROM entry"
                            + " WHERE client_reference_id = ?")) {
                query.setString(1, clientReferenceId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredEntry(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getInt(4),
                            row.getString(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            row.getString(9),
                            row.getString(10)));
                }
            }
        });
    }

    @Override
    public long entryCount() {
        return count("SELECT count(*) FROM entry");
    }

    @Override
    public int conflictCount(String clientReferenceId) {
        return (int) count("SELECT count(*) FROM entry_conflict WHERE client_reference_id = ?", clientReferenceId);
    }

    @Override
    public List<KeptConflict> conflicts(java.util.Set<String> boundaryIds, int limit) {
        if (boundaryIds.isEmpty()) {
            return List.of();
        }
        List<String> ids = List.copyOf(boundaryIds);
        String placeholders = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return database.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT c.client_reference_id, e.boundary_id, e.form_id,"
                    + " c.uploaded_by, c.upload_id, c.received_at, e.entry_json, c.entry_json"
                    + " FROM entry_conflict c JOIN entry e ON e.client_reference_id = c.client_reference_id"
                    + " WHERE e.boundary_id IN (" + placeholders + ")"
                    + " ORDER BY c.received_at DESC, c.client_reference_id LIMIT ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    query.setString(i + 1, ids.get(i));
                }
                query.setInt(ids.size() + 1, limit);
                List<KeptConflict> conflicts = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        conflicts.add(new KeptConflict(
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6),
                                row.getString(7),
                                row.getString(8)));
                    }
                }
                return conflicts;
            }
        });
    }

    private long count(String sql, String... parameters) {
        return database.read(c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setString(i + 1, parameters[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    /** The entries of one upload, in its transaction. */
    private static final class Writer implements EntryWriter {
        private final Connection connection;
        private final String uploaderId;
        private final String uploadId;
        private final String receivedAt;
        private final List<EntryCompanion.Session> companions;

        Writer(
                Connection connection,
                String uploaderId,
                String uploadId,
                String receivedAt,
                List<EntryCompanion.Session> companions) {
            this.connection = connection;
            this.uploaderId = uploaderId;
            this.uploadId = uploadId;
            this.receivedAt = receivedAt;
            this.companions = companions;
        }

        /** The companions' refusals first, then the entries left, then the companions again. */
        @Override
        public List<Written> write(List<PendingEntry> pending) {
            try {
                Map<Integer, EntryCompanion.Refusal> refused = new HashMap<>();
                for (EntryCompanion.Session companion : companions) {
                    companion.refuse(pending).forEach(refused::putIfAbsent);
                }
                List<PendingEntry> kept = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (!refused.containsKey(i)) {
                        kept.add(pending.get(i));
                    }
                }
                List<EntryResult.Outcome> outcomes = kept.isEmpty()
                        ? List.of()
                        : storeEntries(kept.stream().map(PendingEntry::stored).toList());
                Map<Integer, List<String>> missing = new HashMap<>();
                for (EntryCompanion.Session companion : companions) {
                    companion.written(kept, outcomes);
                    missing.putAll(companion.missingAttachments(kept, outcomes));
                }
                List<Written> written = new ArrayList<>(pending.size());
                for (int i = 0, k = 0; i < pending.size(); i++) {
                    EntryCompanion.Refusal refusal = refused.get(i);
                    if (refusal != null) {
                        written.add(new Written(
                                EntryResult.Outcome.REJECTED, refusal.reason(), refusal.message(), List.of()));
                    } else {
                        written.add(new Written(outcomes.get(k), null, null, missing.getOrDefault(k, List.of())));
                        k++;
                    }
                }
                return written;
            } catch (SQLException e) {
                throw new StoreException("cannot store the entries of upload " + uploadId + ": " + e.getMessage(), e);
            }
        }

        private List<EntryResult.Outcome> storeEntries(List<StoredEntry> entries) throws SQLException {
            Set<String> inserted = insertNew(entries);
            List<StoredEntry> others = entries.stream()
                    .filter(e -> !inserted.contains(e.clientReferenceId()))
                    .toList();
            Map<String, String> storedContent = storedContent(others);
            List<StoredEntry> conflicts = new ArrayList<>();
            List<EntryResult.Outcome> outcomes = new ArrayList<>(entries.size());
            for (StoredEntry entry : entries) {
                if (inserted.contains(entry.clientReferenceId())) {
                    outcomes.add(EntryResult.Outcome.ACCEPTED);
                } else if (entry.contentSha256().equals(storedContent.get(entry.clientReferenceId()))) {
                    outcomes.add(EntryResult.Outcome.DUPLICATE);
                } else {
                    outcomes.add(EntryResult.Outcome.CONFLICT);
                    conflicts.add(entry);
                }
            }
            keepAside(conflicts);
            return outcomes;
        }

        /**
         * One statement for the batch; the ids it returns are the entries stored now. Rows go in id
         * order, so two uploads carrying the same entries wait for each other's rows in one order
         * rather than deadlock.
         */
        private Set<String> insertNew(List<StoredEntry> batch) throws SQLException {
            List<StoredEntry> entries = byId(batch);
            String sql = "INSERT INTO entry (client_reference_id, content_sha256, form_id, form_version, boundary_id,"
                    + " created_by, created_at, uploaded_by, upload_id, entry_json) VALUES "
                    + String.join(", ", Collections.nCopies(entries.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                    + " ON CONFLICT (client_reference_id) DO NOTHING RETURNING client_reference_id";
            Set<String> inserted = new HashSet<>();
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int p = 0;
                for (StoredEntry entry : entries) {
                    insert.setString(++p, entry.clientReferenceId());
                    insert.setString(++p, entry.contentSha256());
                    insert.setString(++p, entry.formId());
                    insert.setInt(++p, entry.formVersion());
                    insert.setString(++p, entry.boundaryId());
                    insert.setString(++p, entry.createdBy());
                    insert.setString(++p, entry.createdAt());
                    insert.setString(++p, uploaderId);
                    insert.setString(++p, uploadId);
                    insert.setString(++p, entry.json());
                }
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(rows.getString(1));
                    }
                }
            }
            return inserted;
        }

        private static List<StoredEntry> byId(List<StoredEntry> entries) {
            return entries.stream()
                    .sorted(java.util.Comparator.comparing(StoredEntry::clientReferenceId))
                    .toList();
        }

        private Map<String, String> storedContent(List<StoredEntry> entries) throws SQLException {
            Map<String, String> content = new HashMap<>();
            if (entries.isEmpty()) {
                return content;
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT client_reference_id, content_sha256 FROM entry WHERE client_reference_id IN ("
                            + String.join(", ", Collections.nCopies(entries.size(), "?")) + ")")) {
                for (int i = 0; i < entries.size(); i++) {
                    query.setString(i + 1, entries.get(i).clientReferenceId());
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        content.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return content;
        }

        /** Other versions of stored ids: kept for a reviewer, once per content. */
        private void keepAside(List<StoredEntry> found) throws SQLException {
            if (found.isEmpty()) {
                return;
            }
            List<StoredEntry> conflicts = byId(found);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO entry_conflict"
                    + " (client_reference_id, content_sha256, uploaded_by, upload_id, received_at, entry_json)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_reference_id, content_sha256) DO NOTHING")) {
                for (StoredEntry entry : conflicts) {
                    insert.setString(1, entry.clientReferenceId());
                    insert.setString(2, entry.contentSha256());
                    insert.setString(3, uploaderId);
                    insert.setString(4, uploadId);
                    insert.setString(5, receivedAt);
                    insert.setString(6, entry.json());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }
}
