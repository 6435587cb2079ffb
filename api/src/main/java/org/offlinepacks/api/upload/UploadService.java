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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.offlinepacks.api.bundle.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry upload channel without HTTP: a file sent in one request, or uploaded to file storage
 * (resumably) and then registered, is checked against its SHA-256 before anything is stored, then
 * ingested once per uploader and file.
 */
public final class UploadService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    /** How long an unfinished two-step upload is kept for the device to resume it. */
    static final Duration KEEP_UNFINISHED = Duration.ofDays(14);

    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final UploadLimits limits;
    private final EntryStore store;
    private final FileStorage files;
    private final Path incoming;
    /** The forms of a campaign, by campaign id. */
    private final Function<String, FormCatalog> formsOfCampaign;

    private final EntryIngester ingester;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.EPOCH);

    public UploadService(
            UploadLimits limits,
            EntryStore store,
            FileStorage files,
            Path incoming,
            Function<String, FormCatalog> formsOfCampaign)
            throws IOException {
        this.limits = limits;
        this.store = store;
        this.files = files;
        this.incoming = Files.createDirectories(incoming);
        this.formsOfCampaign = formsOfCampaign;
        this.ingester = new EntryIngester(limits, store);
        removeLeftovers();
        sweepAbandonedFiles();
    }

    /** The embedded set-up: {@code <dataDir>/entries.sqlite}, {@code <dataDir>/uploads/{files,incoming}}. */
    public static UploadService open(Path dataDir, UploadLimits limits, Function<String, FormCatalog> formsOfCampaign)
            throws IOException {
        return new UploadService(
                limits,
                SqliteEntryStore.open(dataDir.resolve("entries.sqlite")),
                new LocalFileStorage(dataDir.resolve("uploads").resolve("files")),
                dataDir.resolve("uploads").resolve("incoming"),
                formsOfCampaign);
    }

    public UploadLimits limits() {
        return limits;
    }

    /** One-request upload: {@code body} is the file, {@code sha256} its hex checksum. */
    public Receipt upload(Uploader uploader, InputStream body, String sha256) throws IOException {
        Path file = Files.createTempFile(incoming, "upload-", ".part");
        try {
            String actual = copyVerifyingSize(body, file);
            checkChecksum(sha256, actual);
            return ingester.ingest(
                    uploader, actual, formsOfCampaign.apply(uploader.campaignId()), () -> Files.newInputStream(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Step one of the two-step upload: a file of {@code length} bytes, filled by {@link #append}. */
    public StoredFile createFile(Uploader uploader, long length) throws IOException {
        if (length < 1) {
            throw new UploadException(UploadException.Reason.BAD_REQUEST, "Upload-Length must be positive");
        }
        checkFileSize(length);
        sweepAbandonedFiles();
        return files.create(uploader.userId(), length);
    }

    public StoredFile append(Uploader uploader, String fileId, long offset, InputStream chunk) throws IOException {
        fileOf(uploader, fileId);
        return files.append(fileId, offset, chunk);
    }

    public StoredFile fileStatus(Uploader uploader, String fileId) throws IOException {
        return fileOf(uploader, fileId);
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
        StoredFile file = fileOf(uploader, fileId);
        if (!file.complete()) {
            throw new UploadException(
                    UploadException.Reason.INCOMPLETE_FILE,
                    "file " + fileId + " has " + file.offset() + " of " + file.length()
                            + " bytes; send the rest before registering it");
        }
        try {
            String actual = checksumOf(fileId);
            checkChecksum(sha256, actual);
            Receipt receipt = ingester.ingest(
                    uploader, actual, formsOfCampaign.apply(uploader.campaignId()), () -> files.open(fileId));
            files.delete(fileId);
            return receipt;
        } catch (UploadException e) {
            files.delete(fileId);
            throw e;
        }
    }

    /** A receipt again, for its uploader only. */
    public Optional<Receipt> receipt(Uploader uploader, String uploadId) {
        return store.receipt(uploadId).filter(receipt -> receipt.uploaderId().equals(uploader.userId()));
    }

    private StoredFile fileOf(Uploader uploader, String fileId) throws IOException {
        return files.find(fileId)
                .filter(file -> file.ownerId().equals(uploader.userId()))
                .orElseThrow(() -> new UploadException(
                        UploadException.Reason.UNKNOWN_FILE,
                        "no file " + fileId + " uploaded by " + uploader.userId()));
    }

    private String copyVerifyingSize(InputStream body, Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int read; (read = body.read(buffer)) >= 0; ) {
                total += read;
                checkFileSize(total);
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String checksumOf(String fileId) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = files.open(fileId)) {
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
