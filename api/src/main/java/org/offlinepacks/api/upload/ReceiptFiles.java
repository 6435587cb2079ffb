package org.offlinepacks.api.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.offlinepacks.api.bundle.GzipForm;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.Sha256;

/**
 * Receipts as immutable files, so that a device on a slow link can fetch one with ranges, resume
 * it and verify it: {@code receipts/UPLOAD/all.json} (every entry) and {@code problems.json} (only
 * the conflicts and rejections, the entries a device has to act on), each with its gzip form.
 * Written once per upload, the same bytes every time (canonical JSON), so a crash between the
 * commit and the files only means they are written at the next request.
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
     * @param entries how many entries it lists
     * @param gzip its gzip form, when compressing pays
     */
    public record ReceiptFile(
            Path file, long size, String sha256, int entries, Path gzipFile, PackManifest.Encoded gzip) {}

    private final Path folder;

    public ReceiptFiles(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /** The file of a receipt, written now if it was not yet. */
    public ReceiptFile file(Receipt receipt, Selection selection) throws IOException {
        Path dir = folder.resolve(receipt.uploadId());
        Path file = dir.resolve(selection.fileName + ".json");
        if (!Files.isRegularFile(file)) {
            write(receipt, selection, dir, file);
        }
        Path gzipFile = file.resolveSibling(file.getFileName() + GzipForm.SUFFIX);
        Optional<PackManifest.Encoded> gzip = Files.isRegularFile(gzipFile)
                ? Optional.of(new PackManifest.Encoded(Files.size(gzipFile), Sha256.ofFile(gzipFile)))
                : Optional.empty();
        int entries =
                (int) receipt.entries().stream().filter(selection::includes).count();
        return new ReceiptFile(
                file,
                Files.size(file),
                Sha256.ofFile(file),
                entries,
                gzip.isPresent() ? gzipFile : null,
                gzip.orElse(null));
    }

    /** Writes in a temporary folder, then moves the files in place, the JSON last. */
    private static void write(Receipt receipt, Selection selection, Path dir, Path file) throws IOException {
        Files.createDirectories(dir);
        List<EntryResult> entries =
                receipt.entries().stream().filter(selection::includes).toList();
        Path temp = Files.createTempDirectory(dir, ".write-");
        try {
            Path json = temp.resolve(file.getFileName());
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
                Files.move(
                        json.resolveSibling(json.getFileName() + GzipForm.SUFFIX),
                        dir.resolve(file.getFileName() + GzipForm.SUFFIX),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(json, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
