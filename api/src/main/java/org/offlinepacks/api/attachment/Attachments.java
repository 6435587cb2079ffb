package org.offlinepacks.api.attachment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.RuleViolationException;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.upload.ContentDigest;
import org.offlinepacks.api.upload.EntryResult;
import org.offlinepacks.api.upload.FileSource;
import org.offlinepacks.api.upload.Receipt;
import org.offlinepacks.api.upload.UploadException;
import org.offlinepacks.api.upload.UploadService;
import org.offlinepacks.api.upload.Uploader;
import org.offlinepacks.boundarydata.campaign.AttachmentSettings;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.User;
import org.offlinepacks.tilepacker.format.TileFormat;

/**
 * Entries' attachments without HTTP. A device uploads an attachment as any file (tus, or to an upload
 * target) and registers it by sha256; the file is kept once, as the object {@code attachments/SHA256},
 * however many entries list it and however often it is sent. It is taken only when an entry in the
 * uploader's area lists it (so the storage holds nothing no entry asked for), with the size that
 * entry gives and bytes that look like its media type. Planners download an entry's attachments.
 */
public final class Attachments {
    /** Entries a registration answer names at most. */
    static final int MAX_ENTRIES_LISTED = 100;
    /** Entries with missing attachments an upload's status lists at most. */
    static final int MAX_MISSING_LISTED = 1000;

    private final AttachmentLedger ledger;
    private final ObjectStore objects;
    private final UploadService uploads;
    private final CampaignCatalog campaigns;
    private final Path workDir;

    /** @param workDir where a file is copied while it is checked, before it is stored */
    public Attachments(
            AttachmentLedger ledger,
            ObjectStore objects,
            UploadService uploads,
            CampaignCatalog campaigns,
            Path workDir)
            throws IOException {
        this.ledger = ledger;
        this.objects = objects;
        this.uploads = uploads;
        this.campaigns = campaigns;
        this.workDir = Files.createDirectories(workDir);
    }

    static String key(String sha256) {
        return "attachments/" + sha256;
    }

    /**
     * What a registration answers.
     *
     * @param alreadyStored true when the service held the file before (nothing was stored again)
     * @param entries the entries in the uploader's area that list the file, and what each still misses
     */
    public record Registration(
            String sha256, long size, String mediaType, boolean alreadyStored, List<EntryStatus> entries) {}

    /** An entry and the attachments it still misses (empty: complete). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntryStatus(Integer line, String clientReferenceId, List<Missing> missing) {}

    /** An attachment an entry lists that the service does not hold. */
    public record Missing(String name, String mediaType, long size, String sha256) {}

    /** What an upload's entries still miss, now. */
    public record UploadStatus(String uploadId, boolean complete, int missing, List<EntryStatus> entries) {}

    /** An attachment as a planner sees it. */
    public record Listed(String name, String mediaType, long size, String sha256, boolean stored, String href) {}

    /** An attachment's file to send. */
    public record Download(String key, String sha256, String mediaType, String name) {}

    /** The limits of the uploader's campaign, for devices to check before uploading. */
    public AttachmentSettings limits(User user) {
        return campaigns.campaign(user.campaignId()).settings().attachments();
    }

    /** Takes in an uploaded file as the attachment with this sha256 and answers the entries it completes. */
    public Registration register(Uploader uploader, String fileId, String sha256) throws IOException {
        String hex = ContentDigest.parseHex(sha256);
        List<AttachmentLedger.Listed> expecting = expecting(uploader, hex);
        if (expecting.isEmpty()) {
            throw new RuleViolationException(
                    RuleViolationException.Kind.CONFLICT,
                    "attachment-not-expected",
                    "no entry in your area lists an attachment with sha256 " + hex
                            + "; upload the entries that list it first (the file " + fileId + " is kept for that)");
        }
        Optional<AttachmentLedger.StoredFile> held = ledger.stored(hex);
        if (held.isPresent()) { // sent again, or the answer to the first registration was lost
            try {
                uploads.deleteFile(uploader, fileId);
            } catch (UploadException gone) {
                // registered before: the file was removed then
            }
            return registration(uploader, held.get(), true);
        }
        return uploads.register(uploader, fileId, hex, (actual, file) -> take(uploader, actual, file, expecting));
    }

    /** The file arrived whole and matches its sha256: checks it against what the entries say and stores it. */
    private Registration take(
            Uploader uploader, String sha256, FileSource file, List<AttachmentLedger.Listed> expecting)
            throws IOException {
        Optional<AttachmentLedger.StoredFile> held = ledger.stored(sha256);
        if (held.isPresent()) {
            return registration(uploader, held.get(), true);
        }
        AttachmentSettings limits = limits(uploader);
        Path copy = Files.createTempFile(workDir, "attachment-", ".part");
        try {
            byte[] head = new byte[16];
            long size = copy(file, copy, head, limits.maxBytes());
            AttachmentLedger.Listed match = expecting.stream()
                    .filter(listed -> listed.size() == size && looksLike(listed.mediaType(), head, size))
                    .findFirst()
                    .orElseThrow(() -> mismatch(expecting.get(0), size, head));
            AttachmentLedger.StoredFile stored = new AttachmentLedger.StoredFile(sha256, size, match.mediaType());
            objects.put(key(sha256), copy);
            ledger.recordStored(stored, uploader.userId());
            return registration(uploader, stored, false);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static long copy(FileSource file, Path copy, byte[] head, long maxBytes) throws IOException {
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = file.open();
                OutputStream out = Files.newOutputStream(copy)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (size < head.length) {
                    System.arraycopy(buffer, 0, head, (int) size, (int) Math.min(read, head.length - size));
                }
                size += read;
                if (size > maxBytes) {
                    throw new RuleViolationException(
                            RuleViolationException.Kind.TOO_LARGE,
                            "attachment-too-large",
                            "the file has more than " + maxBytes + " bytes, the campaign's limit for an attachment");
                }
                out.write(buffer, 0, read);
            }
        }
        return size;
    }

    /** Images are checked by their magic bytes; other types the campaign accepts are taken as declared. */
    private static boolean looksLike(String mediaType, byte[] head, long size) {
        byte[] start = Arrays.copyOf(head, (int) Math.min(head.length, size));
        return Arrays.stream(TileFormat.values())
                .filter(format -> format.isRaster() && format.mediaType().equals(mediaType))
                .allMatch(format -> format.matches(start));
    }

    private static RuleViolationException mismatch(AttachmentLedger.Listed listed, long size, byte[] head) {
        String detected = Arrays.stream(TileFormat.values())
                .filter(f -> f.isRaster() && f.matches(head))
                .map(TileFormat::mediaType)
                .findFirst()
                .orElse("no image type this service knows");
        return new RuleViolationException(
                RuleViolationException.Kind.MISMATCH,
                "attachment-mismatch",
                "entry " + listed.clientReferenceId() + " lists attachment " + listed.name() + " as " + listed.size()
                        + " bytes of " + listed.mediaType() + ", but the file has " + size + " bytes and looks like "
                        + detected);
    }

    private Registration registration(Uploader uploader, AttachmentLedger.StoredFile file, boolean alreadyStored) {
        List<String> ids = expecting(uploader, file.sha256()).stream()
                .map(AttachmentLedger.Listed::clientReferenceId)
                .distinct()
                .limit(MAX_ENTRIES_LISTED)
                .toList();
        Map<String, List<AttachmentLedger.Listed>> missing = ledger.missing(ids);
        List<EntryStatus> entries = ids.stream()
                .map(id -> new EntryStatus(null, id, missing(missing.getOrDefault(id, List.of()))))
                .toList();
        return new Registration(file.sha256(), file.size(), file.mediaType(), alreadyStored, entries);
    }

    /** The entries in the uploader's area that list this file. */
    private List<AttachmentLedger.Listed> expecting(Uploader uploader, String sha256) {
        return ledger.listing(sha256, 10 * MAX_ENTRIES_LISTED).stream()
                .filter(listed -> uploader.mayWriteBoundary().test(listed.boundaryId()))
                .toList();
    }

    /**
     * Whether the service holds the file with this sha256 and an entry in the user's area lists it
     * (otherwise it answers as for a file it does not hold: nobody learns of others' files).
     */
    public boolean holds(Uploader uploader, String sha256) {
        String hex = ContentDigest.parseHex(sha256);
        return !expecting(uploader, hex).isEmpty() && ledger.stored(hex).isPresent();
    }

    /** What the entries of one of the uploader's uploads still miss. */
    public UploadStatus status(Uploader uploader, String uploadId) {
        Receipt receipt = uploads.receipt(uploader, uploadId)
                .orElseThrow(() -> new NotFoundException("no upload " + uploadId + " of yours"));
        // only entries that missed something when they were ingested can miss something now
        List<EntryResult> candidates = receipt.entries().stream()
                .filter(e -> e.missingAttachments() != null)
                .toList();
        Map<String, List<AttachmentLedger.Listed>> missing = ledger.missing(candidates.stream()
                .map(EntryResult::clientReferenceId)
                .distinct()
                .toList());
        List<EntryStatus> entries = new ArrayList<>();
        int count = 0;
        for (EntryResult entry : candidates) {
            List<AttachmentLedger.Listed> files = missing.get(entry.clientReferenceId());
            if (files != null) {
                count += files.size();
                if (entries.size() < MAX_MISSING_LISTED) {
                    entries.add(new EntryStatus(entry.line(), entry.clientReferenceId(), missing(files)));
                }
            }
        }
        return new UploadStatus(uploadId, count == 0, count, entries);
    }

    /** The attachments an entry lists, for planners and admins of its boundary. */
    public List<Listed> ofEntry(User planner, String clientReferenceId) {
        checkPlanner(planner, clientReferenceId);
        List<Listed> listed = new ArrayList<>();
        for (AttachmentLedger.Listed attachment : ledger.ofEntry(clientReferenceId)) {
            listed.add(new Listed(
                    attachment.name(),
                    attachment.mediaType(),
                    attachment.size(),
                    attachment.sha256(),
                    ledger.stored(attachment.sha256()).isPresent(),
                    "/v1/entries/" + clientReferenceId + "/attachments/" + attachment.name()));
        }
        return listed;
    }

    /** One attachment of an entry, to send; 404 while its file has not arrived. */
    public Download download(User planner, String clientReferenceId, String name) {
        checkPlanner(planner, clientReferenceId);
        AttachmentLedger.Listed attachment = ledger.ofEntry(clientReferenceId).stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new NotFoundException("entry " + clientReferenceId + " lists no attachment " + name));
        if (ledger.stored(attachment.sha256()).isEmpty()) {
            throw new NotFoundException("attachment " + name + " of entry " + clientReferenceId
                    + " has not been uploaded yet (sha256 " + attachment.sha256() + ")");
        }
        return new Download(key(attachment.sha256()), attachment.sha256(), attachment.mediaType(), name);
    }

    /** A file on this node with the object's bytes (see {@link ObjectStore#localFile}). */
    public Path localFile(String key) throws IOException {
        return objects.localFile(key);
    }

    private void checkPlanner(User user, String clientReferenceId) {
        if (!user.role().plans()) {
            throw new AccessDeniedException("only planners and admins download entries' attachments");
        }
        ledger.boundaryOfEntry(clientReferenceId)
                .filter(b -> campaigns.policy(user.campaignId()).mayRead(user, b))
                .orElseThrow(() -> new NotFoundException("no entry " + clientReferenceId + " in your area"));
    }

    private AttachmentSettings limits(Uploader uploader) {
        return campaigns.campaign(uploader.campaignId()).settings().attachments();
    }

    private static List<Missing> missing(List<AttachmentLedger.Listed> listed) {
        return listed.stream()
                .map(a -> new Missing(a.name(), a.mediaType(), a.size(), a.sha256()))
                .toList();
    }
}
