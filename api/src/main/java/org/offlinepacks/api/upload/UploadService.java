package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.offlinepacks.api.RuleViolationException;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry upload channel without HTTP: a file sent in one request, or uploaded to file storage
 * (resumably, in as many appends as the link needs) and then registered, is checked against its
 * SHA-256 before anything is stored, then ingested once per uploader and file. Receipts are kept
 * as files too ({@link ReceiptFiles}), for devices to fetch in pieces.
 */
public final class UploadService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    /** How long an unfinished two-step upload is kept for the device to resume it. */
    public static final Duration KEEP_UNFINISHED = Duration.ofDays(14);
    /** The most bytes of {@code Upload-Metadata} a file keeps. */
    public static final int MAX_METADATA_BYTES = 4096;

    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    /** How long presigned upload URLs work: a 32 MiB file over a slow 2G link takes hours. */
    static final Duration TARGET_VALIDITY = Duration.ofHours(24);

    private final UploadLimits limits;
    private final EntryStore store;
    private final FileStorage files;
    private final ReceiptFiles receipts;
    private final Path incoming;
    /** The forms of a campaign, by campaign id. */
    private final Function<String, FormCatalog> formsOfCampaign;

    private final EntryIngester ingester;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    public UploadService(
            UploadLimits limits,
            EntryStore store,
            FileStorage files,
            ReceiptFiles receipts,
            Path incoming,
            Function<String, FormCatalog> formsOfCampaign)
            throws IOException {
        this.limits = limits;
        this.store = store;
        this.files = files;
        this.receipts = receipts;
        this.incoming = Files.createDirectories(incoming);
        this.formsOfCampaign = formsOfCampaign;
        this.ingester = new EntryIngester(limits, store);
        removeLeftovers();
        sweepAbandonedFiles();
    }

    /**
     * Entries in {@code entries}; receipts in {@code objects}; files being uploaded in
     * {@code <dataDir>/uploads/files} or, when {@code objects} is shared by several nodes, in it
     * (with their state in {@code entries}), so that an upload resumes on any node.
     */
    public static UploadService open(
            Path dataDir,
            Database entries,
            ObjectStore objects,
            UploadLimits limits,
            Function<String, FormCatalog> formsOfCampaign)
            throws IOException {
        return open(dataDir, entries, objects, limits, formsOfCampaign, List.of());
    }

    /** As {@link #open(Path, Database, ObjectStore, UploadLimits, Function)}, with entry companions. */
    public static UploadService open(
            Path dataDir,
            Database entries,
            ObjectStore objects,
            UploadLimits limits,
            Function<String, FormCatalog> formsOfCampaign,
            List<EntryCompanion> companions)
            throws IOException {
        Path uploads = dataDir.resolve("uploads");
        return new UploadService(
                limits,
                SqlEntryStore.open(entries, companions),
                objects.shared()
                        ? ObjectFileStorage.open(objects, entries, uploads.resolve("spool"))
                        : new LocalFileStorage(uploads.resolve("files")),
                new ReceiptFiles(objects, uploads.resolve("receipts-work")),
                uploads.resolve("incoming"),
                formsOfCampaign);
    }

    public UploadLimits limits() {
        return limits;
    }

    /** The versions kept aside of entries of these boundaries, newest first. */
    public java.util.List<KeptConflict> conflicts(java.util.Set<String> boundaryIds, int limit) {
        return store.conflicts(boundaryIds, limit);
    }

    /** Told the counts of every file ingested from now on, for the service's metrics. */
    public void onIngested(java.util.function.Consumer<Receipt.Counts> listener) {
        ingester.onIngested(listener);
    }

    /**
     * What a complete file whose checksum was verified becomes: entries (this service's own intake),
     * analytics events, an attachment.
     */
    @FunctionalInterface
    public interface FileIntake<T> {
        T take(String sha256, FileSource file) throws IOException;
    }

    /**
     * One-request upload: the file arrives through the returned {@link Incoming} and is ingested
     * when it is whole and its SHA-256 is {@code sha256}.
     */
    public Incoming<Receipt> receive(Uploader uploader, String sha256) throws IOException {
        return receive(sha256, (actual, file) -> ingest(uploader, actual, file));
    }

    /** One-request upload of another kind of file, taken in by {@code intake}. */
    public <T> Incoming<T> receive(String sha256, FileIntake<T> intake) throws IOException {
        return new Incoming<>(sha256, intake, Files.createTempFile(incoming, "upload-", ".part"));
    }

    /** {@link #receive} of a whole stream: for callers that have the file at hand. */
    public Receipt upload(Uploader uploader, InputStream body, String sha256) throws IOException {
        try (Incoming<Receipt> incoming = receive(uploader, sha256)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = body.read(buffer)) >= 0; ) {
                incoming.write(buffer, 0, read);
            }
            return incoming.finish();
        }
    }

    /** A file sent in one request, written to a temporary file as it arrives. */
    public final class Incoming<T> implements AutoCloseable {
        private final String sha256;
        private final FileIntake<T> intake;
        private final Path file;
        private final OutputStream out;
        private final MessageDigest digest = Sha256.newDigest();
        private long received;

        private Incoming(String sha256, FileIntake<T> intake, Path file) throws IOException {
            this.sha256 = sha256;
            this.intake = intake;
            this.file = file;
            this.out = Files.newOutputStream(file);
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            received += length;
            checkFileSize(received);
            digest.update(bytes, offset, length);
            out.write(bytes, offset, length);
        }

        /** The file is whole: checks it and takes it in (ingests its entries). */
        public T finish() throws IOException {
            try {
                out.close();
                checkChecksum(sha256, HexFormat.of().formatHex(digest.digest()));
                return intake.take(sha256, () -> Files.newInputStream(file));
            } finally {
                close();
            }
        }

        /** Drops what arrived: a cut one-request upload is sent again whole. */
        @Override
        public void close() throws IOException {
            out.close();
            Files.deleteIfExists(file);
        }
    }

    /** Step one of the two-step upload: a file of {@code length} bytes, filled by {@link #append}. */
    public StoredFile createFile(Uploader uploader, long length, String metadata) throws IOException {
        String checkedMetadata = checkNewFile(length, metadata, "Upload-Length");
        sweepAbandonedFiles();
        return files.create(uploader.userId(), length, checkedMetadata);
    }

    /**
     * Step one of the storage-bucket upload: where the device sends a file of {@code length} bytes
     * before registering it (presigned URLs into object storage, or the service's own tus upload).
     */
    public UploadTarget createTarget(Uploader uploader, long length, String metadata) throws IOException {
        String checkedMetadata = checkNewFile(length, metadata, "length");
        sweepAbandonedFiles();
        return files.createTarget(
                uploader.userId(), length, checkedMetadata, Instant.now().plus(TARGET_VALIDITY));
    }

    private String checkNewFile(long length, String metadata, String lengthName) {
        if (length < 1) {
            throw new UploadException(UploadException.Reason.BAD_REQUEST, lengthName + " must be positive");
        }
        checkFileSize(length);
        String checkedMetadata = metadata == null ? "" : metadata.trim();
        if (checkedMetadata.length() > MAX_METADATA_BYTES || checkedMetadata.contains("\n")) {
            throw new UploadException(
                    UploadException.Reason.BAD_REQUEST,
                    "Upload-Metadata must be one line of at most " + MAX_METADATA_BYTES + " bytes");
        }
        return checkedMetadata;
    }

    /** Appends to a file of the uploader's from {@code offset}; see {@link FileStorage#append}. */
    public FileStorage.Append append(Uploader uploader, String fileId, long offset, ChunkChecksum checksum)
            throws IOException {
        fileOf(uploader, fileId);
        return files.append(fileId, offset, checksum);
    }

    public StoredFile fileStatus(Uploader uploader, String fileId) throws IOException {
        return fileOf(uploader, fileId);
    }

    /** The file where its uploader resumes it; see {@link FileStorage#resume}. */
    public StoredFile resumeFile(Uploader uploader, String fileId) throws IOException {
        fileOf(uploader, fileId);
        return files.resume(fileId).orElseThrow();
    }

    /** When an unfinished file is removed unless more bytes arrive. */
    public Instant expiresAt(StoredFile file) {
        return file.lastWrite().plus(KEEP_UNFINISHED);
    }

    /** The uploader gives a file up (tus termination). */
    public void deleteFile(Uploader uploader, String fileId) throws IOException {
        fileOf(uploader, fileId);
        files.delete(fileId);
    }

    /**
     * Step two: ingests a complete uploaded file. Sending the same registration again (a lost
     * response) returns the first receipt even though the file is gone by then.
     */
    public Receipt register(Uploader uploader, String fileId, String sha256) throws IOException {
        Optional<Receipt> earlier = store.receiptFor(uploader.userId(), sha256);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        return register(uploader, fileId, sha256, (actual, file) -> ingest(uploader, actual, file));
    }

    /**
     * Step two for another kind of file: a complete uploaded file of the uploader's whose SHA-256 is
     * {@code sha256} is handed to {@code intake}, then removed (also when it is refused).
     */
    public <T> T register(Uploader uploader, String fileId, String sha256, FileIntake<T> intake) throws IOException {
        fileOf(uploader, fileId);
        StoredFile file = files.takeIn(fileId).orElseThrow();
        if (!file.complete()) {
            throw new UploadException(
                    UploadException.Reason.INCOMPLETE_FILE,
                    "file " + fileId + " has " + file.offset() + " of " + file.length()
                            + " bytes; send the rest before registering it");
        }
        try {
            String actual = checksumOf(fileId);
            checkChecksum(sha256, actual);
            T taken = intake.take(actual, () -> files.open(fileId));
            files.delete(fileId);
            return taken;
        } catch (UploadException | RuleViolationException e) {
            files.delete(fileId);
            throw e;
        }
    }

    private Receipt ingest(Uploader uploader, String sha256, FileSource file) throws IOException {
        return ingester.ingest(uploader, sha256, formsOfCampaign.apply(uploader.campaignId()), file);
    }

    /** A receipt again, for its uploader only. */
    public Optional<Receipt> receipt(Uploader uploader, String uploadId) {
        return store.receipt(uploadId).filter(receipt -> receipt.uploaderId().equals(uploader.userId()));
    }

    /** A receipt as a file (written on first use): every entry, or only those to act on. */
    public ReceiptFiles.ReceiptFile receiptFile(Receipt receipt, ReceiptFiles.Selection selection) throws IOException {
        return receipts.file(receipt, selection);
    }

    /** A receipt file on this node, to send (see {@link ReceiptFiles#localFile}). */
    public Path receiptLocalFile(String key) throws IOException {
        return receipts.localFile(key);
    }

    private StoredFile fileOf(Uploader uploader, String fileId) throws IOException {
        return files.find(fileId)
                .filter(file -> file.ownerId().equals(uploader.userId()))
                .orElseThrow(() -> new UploadException(
                        UploadException.Reason.UNKNOWN_FILE,
                        "no file " + fileId + " uploaded by " + uploader.userId()));
    }

    private String checksumOf(String fileId) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (var in = files.open(fileId)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void checkFileSize(long bytes) {
        if (bytes > limits.maxFileBytes()) {
            throw new UploadException(
                    UploadException.Reason.FILE_TOO_LARGE,
                    "the file is larger than " + limits.maxFileBytes() + " bytes; split it into smaller files");
        }
    }

    private static void checkChecksum(String expected, String actual) {
        if (!actual.equals(expected)) {
            throw new UploadException(
                    UploadException.Reason.CHECKSUM_MISMATCH,
                    "the file's SHA-256 is " + actual + " but " + expected
                            + " was announced; nothing was stored, upload the file again");
        }
    }

    /** At most once per {@link #SWEEP_INTERVAL}: removes two-step uploads abandoned for {@link #KEEP_UNFINISHED}. */
    private void sweepAbandonedFiles() throws IOException {
        Instant now = Instant.now();
        Instant last = lastSweep.get();
        if (last.plus(SWEEP_INTERVAL).isAfter(now) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        int abandoned = files.deleteAbandoned(now.minus(KEEP_UNFINISHED));
        if (abandoned > 0) {
            LOG.info(
                    "removed {} uploaded files left unfinished or unregistered for {} days",
                    abandoned,
                    KEEP_UNFINISHED.toDays());
        }
    }

    private void removeLeftovers() {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming, "upload-*.part")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
                LOG.info("removed {}, left by an interrupted upload", leftover.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + incoming, e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
