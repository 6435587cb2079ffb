package org.offlinepacks.api.upload;

import java.util.List;

/**
 * What the service did with one uploaded file, entry by entry. The same file sent again by the
 * same uploader gets this same receipt back.
 *
 * @param sha256 the file's SHA-256 as lowercase hex
 * @param receivedAt ISO-8601 instant of the first successful upload
 */
public record Receipt(
        String uploadId,
        String uploaderId,
        String sha256,
        String receivedAt,
        Counts counts,
        List<EntryResult> entries) {
    public Receipt {
        entries = List.copyOf(entries);
    }

    /** How many entries ended in each outcome. */
    public record Counts(int accepted, int duplicate, int conflict, int rejected) {
        static Counts of(List<EntryResult> entries) {
            int[] counts = new int[EntryResult.Outcome.values().length];
            entries.forEach(entry -> counts[entry.result().ordinal()]++);
            return new Counts(counts[0], counts[1], counts[2], counts[3]);
        }

        public int total() {
            return accepted + duplicate + conflict + rejected;
        }
    }
}
