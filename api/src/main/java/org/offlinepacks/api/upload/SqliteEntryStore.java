package org.offlinepacks.api.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.offlinepacks.boundarydata.store.SqliteDatabase;
import org.offlinepacks.boundarydata.store.StoreException;

/**
 * The embedded entry store: {@code <dataDir>/entries.sqlite}, schema from {@code db/entries}.
 * WAL with {@code synchronous=FULL}: a commit is on disk before the receipt is answered, so
 * it survives a killed process and a power cut alike; one commit per upload keeps that cheap.
 */
public final class SqliteEntryStore implements EntryStore {
    public static final String MIGRATIONS = "db/entries";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Used by one upload at a time (the {@code synchronized} methods). */
    private final Connection writer;
    /** Receipts and entries are read here, so that a large upload does not hold up sync-status requests. */
    private final Connection reader;

    private SqliteEntryStore(Connection writer, Connection reader) {
        this.writer = writer;
        this.reader = reader;
    }

    public static SqliteEntryStore open(Path file) {
        Connection writer = SqliteDatabase.open(file, MIGRATIONS);
        Connection reader = SqliteDatabase.open(file, MIGRATIONS);
        try (Statement writes = writer.createStatement();
                Statement reads = reader.createStatement()) {
            writes.execute("PRAGMA synchronous=FULL");
            reads.execute("PRAGMA query_only=1");
        } catch (SQLException e) {
            throw new StoreException("cannot configure " + file + ": " + e.getMessage(), e);
        }
        return new SqliteEntryStore(writer, reader);
    }

    @Override
    public synchronized Receipt ingestOnce(String uploaderId, String fileSha256, UploadWork work) throws IOException {
        Optional<Receipt> earlier = receiptFor(uploaderId, fileSha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String uploadId = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        try {
            writer.setAutoCommit(false);
            try (Writer entries = new Writer(uploaderId, uploadId, now)) {
                Receipt receipt = work.ingest(uploadId, entries);
                insertReceipt(receipt);
                writer.commit();
                return receipt;
            } catch (IOException | RuntimeException | SQLException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store upload of " + fileSha256 + ": " + e.getMessage(), e);
        }
    }

    private void insertReceipt(Receipt receipt) throws SQLException {
        try (PreparedStatement insert = writer.prepareStatement(
                "INSERT INTO upload (upload_id, uploader_id, file_sha256, received_at, accepted, duplicate, conflict,"
                        + " rejected, receipt_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, receipt.uploadId());
            insert.setString(2, receipt.uploaderId());
            insert.setString(3, receipt.sha256());
            insert.setString(4, receipt.receivedAt());
            insert.setInt(5, receipt.counts().accepted());
            insert.setInt(6, receipt.counts().duplicate());
            insert.setInt(7, receipt.counts().conflict());
            insert.setInt(8, receipt.counts().rejected());
            insert.setString(9, JSON.writeValueAsString(receipt));
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt is plain data", e);
        }
    }

    @Override
    public Optional<Receipt> receipt(String uploadId) {
        return queryReceipt("SELECT receipt_json FROM upload WHERE upload_id = ?", uploadId);
    }

    @Override
    public Optional<Receipt> receiptFor(String uploaderId, String fileSha256) {
        return queryReceipt(
                "SELECT receipt_json FROM upload WHERE uploader_id = ? AND file_sha256 = ?", uploaderId, fileSha256);
    }

    private Optional<Receipt> queryReceipt(String sql, String... parameters) {
        synchronized (reader) {
            return readReceipt(sql, parameters);
        }
    }

    private Optional<Receipt> readReceipt(String sql, String... parameters) {
        try (PreparedStatement query = reader.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(JSON.readValue(row.getString(1), Receipt.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read receipt: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored receipt is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredEntry> entry(String clientReferenceId) {
        synchronized (reader) {
            return readEntry(clientReferenceId);
        }
    }

    private Optional<StoredEntry> readEntry(String clientReferenceId) {
        try (PreparedStatement query = reader.prepareStatement(
                "SELECT client_reference_id, content_sha256, form_id, form_version, boundary_id, created_by,"
                        + " created_at, uploaded_by, upload_id, entry_json FROM entry WHERE client_reference_id = ?")) {
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
        } catch (SQLException e) {
            throw new StoreException("cannot read entry " + clientReferenceId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long entryCount() {
        return count("SELECT count(*) FROM entry");
    }

    @Override
    public int conflictCount(String clientReferenceId) {
        return (int) count("SELECT count(*) FROM entry_conflict WHERE client_reference_id = ?", clientReferenceId);
    }

    private long count(String sql, String... parameters) {
        synchronized (reader) {
            return readCount(sql, parameters);
        }
    }

    private long readCount(String sql, String... parameters) {
        try (PreparedStatement query = reader.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
            reader.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the entry store: " + e.getMessage(), e);
        }
    }

    /** Prepared statements for one upload's transaction. */
    private final class Writer implements EntryWriter, AutoCloseable {
        private final String uploaderId;
        private final String uploadId;
        private final String receivedAt;
        private final PreparedStatement insertEntry;
        private final PreparedStatement storedContent;
        private final PreparedStatement keepConflict;

        Writer(String uploaderId, String uploadId, String receivedAt) throws SQLException {
            this.uploaderId = uploaderId;
            this.uploadId = uploadId;
            this.receivedAt = receivedAt;
            insertEntry = writer.prepareStatement("INSERT INTO entry (client_reference_id, content_sha256,"
                    + " form_id, form_version, boundary_id, created_by, created_at, uploaded_by, upload_id,"
                    + " entry_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (client_reference_id) DO NOTHING");
            storedContent = writer.prepareStatement("SELECT content_sha256 FROM entry WHERE client_reference_id = ?");
            keepConflict = writer.prepareStatement("INSERT INTO entry_conflict (client_reference_id,"
                    + " content_sha256, uploaded_by, upload_id, received_at, entry_json) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (client_reference_id, content_sha256) DO NOTHING");
        }

        @Override
        public EntryResult.Outcome write(StoredEntry entry) {
            try {
                insertEntry.setString(1, entry.clientReferenceId());
                insertEntry.setString(2, entry.contentSha256());
                insertEntry.setString(3, entry.formId());
                insertEntry.setInt(4, entry.formVersion());
                insertEntry.setString(5, entry.boundaryId());
                insertEntry.setString(6, entry.createdBy());
                insertEntry.setString(7, entry.createdAt());
                insertEntry.setString(8, uploaderId);
                insertEntry.setString(9, uploadId);
                insertEntry.setString(10, entry.json());
                if (insertEntry.executeUpdate() == 1) {
                    return EntryResult.Outcome.ACCEPTED;
                }
                storedContent.setString(1, entry.clientReferenceId());
                try (ResultSet row = storedContent.executeQuery()) {
                    row.next();
                    if (row.getString(1).equals(entry.contentSha256())) {
                        return EntryResult.Outcome.DUPLICATE;
                    }
                }
                keepConflict.setString(1, entry.clientReferenceId());
                keepConflict.setString(2, entry.contentSha256());
                keepConflict.setString(3, uploaderId);
                keepConflict.setString(4, uploadId);
                keepConflict.setString(5, receivedAt);
                keepConflict.setString(6, entry.json());
                keepConflict.executeUpdate();
                return EntryResult.Outcome.CONFLICT;
            } catch (SQLException e) {
                throw new StoreException("cannot store entry " + entry.clientReferenceId() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws SQLException {
            insertEntry.close();
            storedContent.close();
            keepConflict.close();
        }
    }
}
