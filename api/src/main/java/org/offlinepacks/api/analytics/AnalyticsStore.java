package org.offlinepacks.api.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.offlinepacks.boundarydata.store.StoreException;

/**
 * Analytics events in the entries' database (the embedded {@code entries.sqlite} or the shared
 * PostgreSQL): a file is ingested once per uploader in one transaction that begins by claiming its
 * row (as entry files are), and each event is stored once by its id.
 */
public final class AnalyticsStore {
    public static final String MIGRATIONS = "db/analytics";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    private AnalyticsStore(Database database) {
        this.database = database;
        database.migrate("analytics", MIGRATIONS);
    }

    public static AnalyticsStore open(Database database) {
        return new AnalyticsStore(database);
    }

    /** Writes a file's events in its transaction: per event, whether it is new. */
    public interface EventWriter {
        List<Boolean> write(List<AnalyticsEvent> events);
    }

    /** The ingestion of one file. */
    public interface Work {
        AnalyticsReceipt ingest(String uploadId, EventWriter writer) throws IOException;
    }

    /** Runs {@code work} once per uploader and file; the same file again gets the first answer. */
    public AnalyticsReceipt ingestOnce(String campaignId, String uploaderId, String fileSha256, Work work) {
        Optional<AnalyticsReceipt> earlier = receiptFor(uploaderId, fileSha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String uploadId = UUID.randomUUID().toString();
        return database.transaction(connection -> {
            if (Sql.update(
                            connection,
                            "INSERT INTO analytics_upload (upload_id, uploader_id, file_sha256, received_at, receipt_json)"
                                    + " VALUES (?, ?, ?, ?, '') ON CONFLICT (uploader_id, file_sha256) DO NOTHING",
                            uploadId,
                            uploaderId,
                            fileSha256,
                            Instant.now().toString())
                    == 0) {
                return receipt(connection, uploaderId, fileSha256)
                        .orElseThrow(() -> new StoreException("the answer for " + fileSha256 + " vanished", null));
            }
            AnalyticsReceipt receipt =
                    work.ingest(uploadId, events -> insert(connection, campaignId, uploaderId, uploadId, events));
            Sql.update(
                    connection,
                    "UPDATE analytics_upload SET received_at = ?, receipt_json = ? WHERE upload_id = ?",
                    receipt.receivedAt(),
                    JSON.writeValueAsString(receipt),
                    uploadId);
            return receipt;
        });
    }

    private static List<Boolean> insert(
            Connection connection, String campaignId, String userId, String uploadId, List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        String sql = "INSERT INTO analytics_event (event_id, campaign_id, user_id, device_id, boundary_id, event_type,"
                + " at_ms, app_version, bytes, duration_ms, free_storage_bytes, message, upload_id) VALUES "
                + String.join(", ", Collections.nCopies(events.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int p = 0;
            for (AnalyticsEvent e : events) {
                insert.setString(++p, e.eventId());
                insert.setString(++p, campaignId);
                insert.setString(++p, userId);
                insert.setString(++p, e.deviceId());
                insert.setString(++p, e.boundaryId());
                insert.setString(++p, e.type());
                insert.setLong(++p, e.atMillis());
                insert.setString(++p, e.appVersion());
                insert.setObject(++p, e.bytes(), Types.BIGINT);
                insert.setObject(++p, e.durationMs(), Types.BIGINT);
                insert.setObject(++p, e.freeStorageBytes(), Types.BIGINT);
                insert.setString(++p, e.message());
                insert.setString(++p, uploadId);
            }
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store the events of upload " + uploadId + ": " + e.getMessage(), e);
        }
        return events.stream().map(e -> inserted.contains(e.eventId())).toList();
    }

    public Optional<AnalyticsReceipt> receiptFor(String uploaderId, String fileSha256) {
        return database.read(connection -> receipt(connection, uploaderId, fileSha256));
    }

    private static Optional<AnalyticsReceipt> receipt(Connection connection, String uploaderId, String fileSha256)
            throws SQLException {
        List<String> json = Sql.query(
                connection,
                "SELECT receipt_json FROM analytics_upload WHERE uploader_id = ? AND file_sha256 = ?",
                row -> row.getString(1),
                uploaderId,
                fileSha256);
        if (json.isEmpty() || json.get(0).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json.get(0), AnalyticsReceipt.class));
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored analytics answer is not readable: " + e.getMessage(), e);
        }
    }

    /** A device's last event in one boundary. */
    public record DeviceSeen(String boundaryId, String deviceId, long lastAtMillis) {}

    /** A device's latest state over all its events. */
    public record DeviceState(
            String deviceId, String userId, String appVersion, long atMillis, Long freeStorageBytes) {}

    /** How many events of a sync type a boundary has, with their bytes. */
    public record SyncCount(String boundaryId, String type, long count, long bytes) {}

    /** A boundary's latest sync failure. */
    public record Failure(String boundaryId, long atMillis, String deviceId, String userId, String message) {}

    /** Everything a summary is made of, for one campaign. */
    public record Facts(
            List<DeviceSeen> seen, List<DeviceState> devices, List<SyncCount> syncs, List<Failure> lastFailures) {}

    public Facts facts(String campaignId) {
        return database.read(connection -> {
            List<DeviceSeen> seen = Sql.query(
                    connection,
                    "SELECT boundary_id, device_id, MAX(at_ms) FROM analytics_event WHERE campaign_id = ?"
                            + " GROUP BY boundary_id, device_id",
                    row -> new DeviceSeen(row.getString(1), row.getString(2), row.getLong(3)),
                    campaignId);
            List<DeviceState> devices = Sql.query(
                    connection,
                    "SELECT e.device_id, MAX(e.user_id), MAX(e.app_version), l.last_at,"
                            + " (SELECT s.free_storage_bytes FROM analytics_event s WHERE s.campaign_id = ?"
                            + " AND s.device_id = l.device_id AND s.free_storage_bytes IS NOT NULL"
                            + " ORDER BY s.at_ms DESC, s.event_id DESC LIMIT 1)"
                            + " FROM analytics_event e JOIN (SELECT device_id, MAX(at_ms) AS last_at FROM analytics_event"
                            + " WHERE campaign_id = ? GROUP BY device_id) l"
                            + " ON e.device_id = l.device_id AND e.at_ms = l.last_at WHERE e.campaign_id = ?"
                            + " GROUP BY e.device_id, l.last_at, l.device_id",
                    row -> new DeviceState(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getLong(4),
                            row.getObject(5) == null ? null : row.getLong(5)),
                    campaignId,
                    campaignId,
                    campaignId);
            List<SyncCount> syncs = Sql.query(
                    connection,
                    "SELECT boundary_id, event_type, COUNT(*), COALESCE(SUM(bytes), 0) FROM analytics_event"
                            + " WHERE campaign_id = ? AND event_type IN ('sync-started', 'sync-finished', 'sync-failed')"
                            + " GROUP BY boundary_id, event_type",
                    row -> new SyncCount(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)),
                    campaignId);
            List<Failure> failures = Sql.query(
                    connection,
                    "SELECT e.boundary_id, e.at_ms, MAX(e.device_id), MAX(e.user_id), MAX(e.message)"
                            + " FROM analytics_event e JOIN (SELECT boundary_id, MAX(at_ms) AS last_at"
                            + " FROM analytics_event WHERE campaign_id = ? AND event_type = 'sync-failed'"
                            + " GROUP BY boundary_id) l ON e.boundary_id = l.boundary_id AND e.at_ms = l.last_at"
                            + " WHERE e.campaign_id = ? AND e.event_type = 'sync-failed' GROUP BY e.boundary_id, e.at_ms",
                    row -> new Failure(
                            row.getString(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5)),
                    campaignId,
                    campaignId);
            return new Facts(seen, devices, syncs, failures);
        });
    }

    /** How many events are stored (for tests and the log). */
    public long eventCount() {
        return database.read(
                connection -> Sql.query(connection, "SELECT COUNT(*) FROM analytics_event", row -> row.getLong(1))
                        .get(0));
    }
}
