package org.offlinepacks.api.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified entry file into stored entries and a receipt: each line is parsed, validated
 * and written on its own, so one bad line only rejects itself. The whole file is one transaction.
 */
final class EntryIngester {
    private static final Logger LOG = LoggerFactory.getLogger(EntryIngester.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final UploadLimits limits;
    private final EntryStore store;
    private volatile java.util.function.Consumer<Receipt.Counts> ingested = counts -> {};

    EntryIngester(UploadLimits limits, EntryStore store) {
        this.limits = limits;
        this.store = store;
    }

    /** Told the counts of every file ingested from now on (not of a file sent again). */
    void onIngested(java.util.function.Consumer<Receipt.Counts> listener) {
        this.ingested = listener;
    }

    /** Stores the entries of a file whose SHA-256 is {@code fileSha256}, once per uploader and file. */
    Receipt ingest(Uploader uploader, String fileSha256, FormCatalog forms, FileSource source) throws IOException {
        long start = System.nanoTime();
        boolean[] fresh = {false};
        Receipt receipt = store.ingestOnce(uploader.userId(), uploader.campaignId(), fileSha256, (uploadId, writer) -> {
            fresh[0] = true;
            LineIngester lines =
                    new LineIngester(uploader, uploadId, new EntryValidator(forms), writer, limits.maxEntryBytes());
            try (InputStream in = source.open()) {
                new EntryFileReader(limits).read(in, lines);
            }
            lines.flush();
            return new Receipt(
                    uploadId,
                    uploader.userId(),
                    fileSha256,
                    Instant.now().toString(),
                    Receipt.Counts.of(lines.results),
                    lines.results);
        });
        long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        Receipt.Counts counts = receipt.counts();
        if (fresh[0]) {
            ingested.accept(counts);
        }
        LOG.info(
                "upload {} from {}: {} entries ({} accepted, {} duplicate, {} conflict, {} rejected) in {} ms, {}/s",
                receipt.uploadId(),
                uploader.userId(),
                counts.total(),
                counts.accepted(),
                counts.duplicate(),
                counts.conflict(),
                counts.rejected(),
                millis,
                counts.total() * 1000L / millis);
        return receipt;
    }

    /**
     * Handles the lines of one file in order and collects their results. Valid entries are written
     * in batches (a statement per batch, not per entry); a batch never holds one id twice, so each
     * entry's outcome is decided against what was stored before it.
     */
    private static final class LineIngester implements EntryFileReader.LineHandler {
        private static final int BATCH = 500;

        private final Uploader uploader;
        private final String uploadId;
        private final EntryValidator validator;
        private final EntryStore.EntryWriter writer;
        private final MessageDigest digest = Sha256.newDigest();
        private final List<EntryResult> results = new ArrayList<>();
        /** Entries waiting for their batch, with the index of their result. */
        private final List<PendingEntry> batch = new ArrayList<>();

        private final List<Integer> batchResults = new ArrayList<>();
        private final java.util.Set<String> batchIds = new java.util.HashSet<>();
        private final int maxEntryBytes;

        LineIngester(
                Uploader uploader,
                String uploadId,
                EntryValidator validator,
                EntryStore.EntryWriter writer,
                int maxEntryBytes) {
            this.maxEntryBytes = maxEntryBytes;
            this.uploader = uploader;
            this.uploadId = uploadId;
            this.validator = validator;
            this.writer = writer;
        }

        @Override
        public void line(int lineNumber, byte[] bytes, int length) {
            JsonNode entry;
            try {
                entry = JSON.readTree(bytes, 0, length);
            } catch (JsonProcessingException e) {
                results.add(EntryResult.rejected(
                        lineNumber, null, "malformed-json", "the line is not valid JSON: " + e.getOriginalMessage()));
                return;
            } catch (IOException e) {
                throw new IllegalStateException("reading from a byte array cannot fail", e);
            }
            if (entry == null || !entry.isObject()) {
                results.add(EntryResult.rejected(
                        lineNumber, null, "malformed-json", "each line must be one JSON object (an entry)"));
                return;
            }
            Optional<EntryResult> rejection = validator.check(lineNumber, entry, uploader);
            if (rejection.isPresent()) {
                results.add(rejection.get());
                return;
            }
            results.add(store(lineNumber, entry));
        }

        private EntryResult store(int lineNumber, JsonNode entry) {
            String json = CanonicalJson.text(entry);
            String contentSha256 = HexFormat.of().formatHex(digest.digest(json.getBytes(StandardCharsets.UTF_8)));
            String id = entry.get("clientReferenceId").asText();
            StoredEntry stored = new StoredEntry(
                    id,
                    contentSha256,
                    entry.get("formId").asText(),
                    entry.get("formVersion").asInt(),
                    entry.get("boundaryId").asText(),
                    entry.get("createdBy").asText(),
                    entry.get("createdAt").asText(),
                    uploader.userId(),
                    uploadId,
                    json);
            if (batch.size() == BATCH || batchIds.contains(id)) {
                flush();
            }
            batch.add(new PendingEntry(stored, entry));
            batchIds.add(id);
            batchResults.add(results.size());
            return EntryResult.of(lineNumber, id, null); // its outcome comes with its batch
        }

        /** Writes the waiting entries and gives each its outcome. */
        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<EntryStore.Written> written = writer.write(batch);
            for (int i = 0; i < batch.size(); i++) {
                int index = batchResults.get(i);
                EntryResult pending = results.get(index);
                results.set(index, outcome(pending.line(), pending.clientReferenceId(), written.get(i)));
            }
            batch.clear();
            batchIds.clear();
            batchResults.clear();
        }

        private static EntryResult outcome(int lineNumber, String id, EntryStore.Written written) {
            if (written.outcome() == EntryResult.Outcome.CONFLICT) {
                return new EntryResult(
                        lineNumber,
                        id,
                        written.outcome(),
                        "different-content",
                        "an entry with this id is already stored with other content; the first version is kept"
                                + " and this one is kept aside for review");
            }
            return new EntryResult(
                    lineNumber,
                    id,
                    written.outcome(),
                    written.reason(),
                    written.message(),
                    written.missingAttachments());
        }

        @Override
        public void oversized(int lineNumber, long length) {
            results.add(EntryResult.rejected(
                    lineNumber,
                    null,
                    "entry-too-large",
                    "the entry has " + length + " bytes; at most " + maxEntryBytes + " are accepted"));
        }
    }
}
