package org.offlinepacks.api.attachment;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.offlinepacks.api.upload.DeclaredAttachment;
import org.offlinepacks.api.upload.EntryCompanion;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.PendingEntry;
import org.offlinepacks.api.upload.SqlEntryStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;

/**
 * Which attachments the stored entries list and which files the service holds, in the entries'
 * database. As an {@link EntryCompanion} it records an entry's attachments in the transaction that
 * stores the entry, and tells the receipt which of them are still missing.
 */
public final class AttachmentLedger implements EntryCompanion {
    public static final String MIGRATIONS = "db/attachments";
    /** Ids per statement, under both databases' limits on parameters. */
    private static final int IDS_PER_STATEMENT = 500;

    private final Database database;

    private AttachmentLedger(Database database) {
        this.database = database;
        database.migrate("entries", SqlEntryStore.MIGRATIONS); // it reads the entries: they must exist
        database.migrate("attachments", MIGRATIONS);
    }

    /** The ledger's tables in {@code database}, the entries' one (created or brought up to date). */
    public static AttachmentLedger open(Database database) {
        return new AttachmentLedger(database);
    }

    /** An attachment a stored entry lists, with the boundary of its entry. */
    public record Listed(
            String clientReferenceId, String name, String mediaType, long size, String sha256, String boundaryId) {}

    /** A file the service holds. */
    public record StoredFile(String sha256, long size, String mediaType) {}

    /** The file with this sha256, if the service holds it. */
    public Optional<StoredFile> stored(String sha256) {
        return database.read(connection -> Sql.query(
                        connection,
                        "SELECT sha256, size, media_type FROM attachment_file WHERE sha256 = ?",
                        row -> new StoredFile(row.getString(1), row.getLong(2), row.getString(3)),
                        sha256)
                .stream()
                .findFirst());
    }

    /** Records a file whose object is whole; a second record of the same file changes nothing. */
    public void recordStored(StoredFile file, String storedBy) {
        database.read(connection -> Sql.update(
                connection,
                "INSERT INTO attachment_file (sha256, size, media_type, stored_at, stored_by) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING",
                file.sha256(),
                file.size(),
                file.mediaType(),
                Instant.now().toString(),
                storedBy));
    }

    /** The entries that list a file with this sha256 (at most {@code limit}). */
    public List<Listed> listing(String sha256, int limit) {
        return database.read(connection -> Sql.query(
                connection,
                "SELECT client_reference_id, name, media_type, size, sha256, boundary_id FROM entry_attachment"
                        + " WHERE sha256 = ? ORDER BY client_reference_id, name LIMIT " + limit,
                AttachmentLedger::listed,
                sha256));
    }

    /** The attachments one entry lists. */
    public List<Listed> ofEntry(String clientReferenceId) {
        return database.read(connection -> Sql.query(
                connection,
                "SELECT client_reference_id, name, media_type, size, sha256, boundary_id FROM entry_attachment"
                        + " WHERE client_reference_id = ? ORDER BY name",
                AttachmentLedger::listed,
                clientReferenceId));
    }

    /** The boundary of a stored entry, if there is one with this id. */
    public Optional<String> boundaryOfEntry(String clientReferenceId) {
        return database.read(connection -> Sql.query(
                        connection,
                        "SELECT boundary_id FROM entry WHERE client_reference_id = ?",
                        row -> row.getString(1),
                        clientReferenceId)
                .stream()
                .findFirst());
    }

    /** What these entries list without a stored file, by entry, in the order of {@code ids}. */
    public Map<String, List<Listed>> missing(List<String> clientReferenceIds) {
        return database.read(connection -> missing(connection, clientReferenceIds));
    }

    private static Map<String, List<Listed>> missing(Connection connection, List<String> ids) throws SQLException {
        Map<String, List<Listed>> byEntry = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
            for (Listed listed : Sql.query(
                    connection,
                    "SELECT client_reference_id, name, media_type, size, sha256, boundary_id FROM entry_attachment a"
                            + " WHERE client_reference_id IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")"
                            + " AND NOT EXISTS (SELECT 1 FROM attachment_file f WHERE f.sha256 = a.sha256)"
                            + " ORDER BY client_reference_id, name",
                    AttachmentLedger::listed,
                    chunk.toArray())) {
                byEntry.computeIfAbsent(listed.clientReferenceId(), id -> new ArrayList<>())
                        .add(listed);
            }
        }
        Map<String, List<Listed>> ordered = new LinkedHashMap<>();
        ids.stream().filter(byEntry::containsKey).forEach(id -> ordered.put(id, byEntry.get(id)));
        return ordered;
    }

    private static Listed listed(java.sql.ResultSet row) throws SQLException {
        return new Listed(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getLong(4),
                row.getString(5),
                row.getString(6));
    }

    @Override
    public Session begin(Connection connection, String campaignId) {
        return new Session() {
            @Override
            public void written(List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {
                List<List<Object>> rows = new ArrayList<>();
                for (int i = 0; i < written.size(); i++) {
                    if (outcomes.get(i) != EntryResult.Outcome.ACCEPTED) {
                        continue;
                    }
                    PendingEntry entry = written.get(i);
                    for (DeclaredAttachment attachment : DeclaredAttachment.of(entry.document())) {
                        rows.add(List.of(
                                entry.stored().clientReferenceId(),
                                attachment.name(),
                                attachment.mediaType(),
                                attachment.size(),
                                attachment.sha256(),
                                entry.stored().boundaryId()));
                    }
                }
                for (int from = 0; from < rows.size(); from += IDS_PER_STATEMENT) {
                    List<List<Object>> chunk = rows.subList(from, Math.min(rows.size(), from + IDS_PER_STATEMENT));
                    Sql.update(
                            connection,
                            "INSERT INTO entry_attachment (client_reference_id, name, media_type, size, sha256,"
                                    + " boundary_id) VALUES "
                                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?)"))
                                    + " ON CONFLICT DO NOTHING",
                            chunk.stream().flatMap(List::stream).toArray());
                }
            }

            /** Stored now or before with the same content: either way the entry's listing is stored. */
            @Override
            public Map<Integer, List<String>> missingAttachments(
                    List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < written.size(); i++) {
                    EntryResult.Outcome outcome = outcomes.get(i);
                    boolean lists =
                            written.get(i).document().path("attachments").size() > 0;
                    if (lists
                            && (outcome == EntryResult.Outcome.ACCEPTED || outcome == EntryResult.Outcome.DUPLICATE)) {
                        index.put(written.get(i).stored().clientReferenceId(), i);
                    }
                }
                Map<Integer, List<String>> names = new HashMap<>();
                if (!index.isEmpty()) {
                    missing(connection, List.copyOf(index.keySet()))
                            .forEach((id, listed) -> names.put(
                                    index.get(id),
                                    listed.stream().map(Listed::name).toList()));
                }
                return names;
            }
        };
    }
}
