package org.offlinepacks.api.upload;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where entries and receipts are kept. One upload is one transaction: all of its entries and its
 * receipt are stored, or none, so an upload cut short by a crash can simply be sent again.
 */
public interface EntryStore extends AutoCloseable {
    /** Writes the entries of one upload; outcomes are decided against what is already stored. */
    interface EntryWriter {
        /**
         * Per entry, in order: {@code ACCEPTED} if the id is new, {@code DUPLICATE} if stored with
         * the same content, else {@code CONFLICT}; {@code REJECTED} when an {@link EntryCompanion}
         * refuses it (a registration ID not dispatched to its creator). The entries have distinct ids.
         */
        List<Written> write(List<PendingEntry> entries);
    }

    /**
     * What became of one entry given to the writer.
     *
     * @param reason a rejection's or conflict's code, else null
     * @param missingAttachments attachments the entry lists that are not stored yet (empty: none)
     */
    record Written(EntryResult.Outcome outcome, String reason, String message, List<String> missingAttachments) {}

    /** The ingestion of one file, run inside the store's transaction. */
    interface UploadWork {
        Receipt ingest(String uploadId, EntryWriter writer) throws IOException;
    }

    /**
     * Runs {@code work} in one durable transaction, with the {@link EntryCompanion}s of the entries
     * of campaign {@code campaignId}, and stores its receipt with it; when the same
     * uploader already sent a file with this checksum, returns that receipt and runs nothing.
     */
    Receipt ingestOnce(String uploaderId, String campaignId, String fileSha256, UploadWork work) throws IOException;

    Optional<Receipt> receipt(String uploadId);

    Optional<Receipt> receiptFor(String uploaderId, String fileSha256);

    Optional<StoredEntry> entry(String clientReferenceId);

    long entryCount();

    /** Versions of this id kept aside as conflicts. */
    int conflictCount(String clientReferenceId);

    /** The versions kept aside of entries of these boundaries, newest first, at most {@code limit}. */
    java.util.List<KeptConflict> conflicts(java.util.Set<String> boundaryIds, int limit);

    @Override
    void close();
}
