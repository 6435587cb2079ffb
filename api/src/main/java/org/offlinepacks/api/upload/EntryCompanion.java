package org.offlinepacks.api.upload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Campaign data kept beside the entries and changed in the same transaction as they are, so that it
 * is never ahead of or behind the stored entries, after a crash and retries too: the uses of
 * registration IDs, the dashboards' totals, the attachments entries list. The SQL entry store runs
 * each upload's batches through every companion, on the upload's own connection.
 */
public interface EntryCompanion {
    /** The companion's part of one upload of entries of campaign {@code campaignId}. */
    Session begin(Connection connection, String campaignId) throws SQLException;

    /** One upload's transaction, batch by batch. */
    interface Session {
        /**
         * Before a batch is written: the entries this companion refuses, by their index in {@code
         * batch}; they are rejected and not written.
         */
        default Map<Integer, Refusal> refuse(List<PendingEntry> batch) throws SQLException {
            return Map.of();
        }

        /** After: the entries written, each with its outcome (accepted, duplicate or conflict). */
        default void written(List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {}

        /**
         * The names of the attachments each written entry lists and the service does not hold yet, by
         * index in {@code written}; entries without any are left out.
         */
        default Map<Integer, List<String>> missingAttachments(
                List<PendingEntry> written, List<EntryResult.Outcome> outcomes) throws SQLException {
            return Map.of();
        }
    }

    /** Why an entry is rejected: a stable code and a message for people. */
    record Refusal(String reason, String message) {}
}
