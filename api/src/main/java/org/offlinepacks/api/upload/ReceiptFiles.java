package org.offlinepacks.api.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.offlinepacks.api.bundle.GzipForm;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.boundarydata.storage.ObjectStore;

/**
 * Receipts as immutable files, so that a device on a slow link can fetch one with ranges, resume
 * it and verify it: objects {@code receipts/UPLOAD/all.json} (every entry) and {@code problems.json}
 * (only the conflicts and rejections, the entries a device has to act on), each with its gzip
 * form, in the node's {@link ObjectStore} (the data folder's {@code receipts/} by default, or object
 * storage that every node reads). Written once per upload, the same bytes every time (canonical
 * JSON), so a crash between the commit and the files only means they are written at the next
 * request, by whichever node gets it.
 */
public final class ReceiptFiles {
    /** Which entries a receipt file lists. */
    public enum Selection {
        ALL("all"),
        PROBLEMS("problems");

        private final String fileName;

        Selection(String fileName) {
            this.fileName = fileName;
        }

        boolean includes(EntryResult entry) {
            return this == ALL
                    || entry.result() == EntryResult.Outcome.CONFLICT
                    || entry.result() == EntryResult.Outcome.REJECTED;
        }
    }

    /**
     * One written receipt file.
     *
     * @param key the object with the JSON
     * @param entries how many entries it lists
     * @param gzipKey the object with its gzip form, when compressing pays, else null
     */
    public record ReceiptFile(
            String key, long size, String sha256, int entries, String gzipKey, PackManifest.Encoded gzip) {}

    private final ObjectStore objects;
    private final Path workDir;

    /** @param workDir where the files are written before they are stored */
    public ReceiptFiles(ObjectStore objects, Path workDir) throws IOException {
        this.objects = objects;
        this.workDir = Files.createDirectories(workDir);
    }

    /** The file of a receipt, written now if it was not yet. */
    public ReceiptFile file(Receipt receipt, Selection selection) throws IOException {
        String key = "receipts/" + receipt.uploadId() + "/" + selection.fileName + ".json";
        String gzipKey = key + GzipForm.SUFFIX;
        if (objects.size(key).isEmpty()) {
            write(receipt, selection, key, gzipKey);
        }
        Path file = objects.localFile(key);
        OptionalLong gzipSize = objects.size(gzipKey);
        Optional<PackManifest.Encoded> gzip = gzipSize.isPresent()
                ? Optional.of(new PackManifest.Encoded(gzipSize.getAsLong(), Sha256.ofFile(objects.localFile(gzipKey))))
                : Optional.empty();
        int entries =
                (int) receipt.entries().stream().filter(selection::includes).count();
        return new ReceiptFile(
                key,
                Files.size(file),
                Sha256.ofFile(file),
                entries,
                gzip.isPresent() ? gzipKey : null,
                gzip.orElse(null));
    }

    /** A stored receipt file on this node, to send. */
    public Path localFile(String key) throws IOException {
        return objects.localFile(key);
    }

    /** Writes in a temporary folder, then stores the files, the JSON last. */
    private void write(Receipt receipt, Selection selection, String key, String gzipKey) throws IOException {
        List<EntryResult> entries =
                receipt.entries().stream().filter(selection::includes).toList();
        Path temp = Files.createTempDirectory(workDir, ".receipt-");
        try {
            Path json = temp.resolve(selection.fileName + ".json");
            PartJson.write(
                    json,
                    new Receipt(
                            receipt.uploadId(),
                            receipt.uploaderId(),
                            receipt.sha256(),
                            receipt.receivedAt(),
                            receipt.counts(),
                            entries));
            if (GzipForm.write(json).isPresent()) {
                objects.put(gzipKey, json.resolveSibling(json.getFileName() + GzipForm.SUFFIX));
            }
            objects.put(key, json);
        } finally {
            try (var leftovers = Files.list(temp)) {
                for (Path leftover : leftovers.toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
            Files.deleteIfExists(temp);
        }
    }
}
