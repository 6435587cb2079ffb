package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.offlinepacks.boundarydata.storage.DirectUploads;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.storage.S3ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files being uploaded, kept where every node finds them: the bytes in object storage, one object
 * per append ({@code uploads/FILE/FIRST-BYTE-ID}), and the file's state in the database, so an
 * upload started through one node resumes through any other. An append writes to a spool file on
 * the node as its bytes arrive; when it ends (finished, or cut: every byte that arrived is kept) the
 * spool file is stored as one object and the offset moves past it in one statement that only
 * succeeds from the offset the append started at, so of two requests racing on one file through
 * two nodes exactly one is kept. A checksummed chunk is kept only whole and matching.
 *
 * <p>With object storage that devices can reach, a file may also be sent straight into it ({@link
 * #createTarget}): one presigned PUT, or presigned parts for a file larger than one part.
 */
public final class ObjectFileStorage implements FileStorage {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectFileStorage.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** The part size handed to devices for files sent straight into object storage. */
    static final long DIRECT_PART_BYTES = S3ObjectStore.MIN_PART_BYTES;

    private final ObjectStore objects;
    private final Database database;
    private final Path spool;
    private final ConcurrentHashMap<String, ObjectAppend> appending = new ConcurrentHashMap<>();

    private ObjectFileStorage(ObjectStore objects, Database database, Path spool) {
        this.objects = objects;
        this.database = database;
        this.spool = spool;
    }

    /** Files in {@code objects}, their state in {@code database} (the entries' one), appends spooled in {@code spool}. */
    public static ObjectFileStorage open(ObjectStore objects, Database database, Path spool) throws IOException {
        Files.createDirectories(spool);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(spool)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(
                        leftover); // an append the process did not finish: the device resumes from the offset
            }
        }
        database.migrate("entries", "db/entries");
        return new ObjectFileStorage(objects, database, spool);
    }

    @Override
    public StoredFile create(String ownerId, long length, String metadata) throws IOException {
        String id = UUID.randomUUID().toString();
        insert(id, ownerId, length, metadata, null, null, null);
        return find(id).orElseThrow();
    }

    @Override
    public UploadTarget createTarget(String ownerId, long length, String metadata, Instant urlsExpireAt)
            throws IOException {
        Optional<DirectUploads> direct = objects.directUploads();
        if (direct.isEmpty()) {
            return FileStorage.super.createTarget(ownerId, length, metadata, urlsExpireAt);
        }
        String id = UUID.randomUUID().toString();
        String key = "uploads/" + id + "/direct";
        Duration validity = Duration.between(Instant.now(), urlsExpireAt);
        if (length <= DIRECT_PART_BYTES) {
            insert(id, ownerId, length, metadata, key, null, null);
            return new UploadTarget(
                    id,
                    UploadTarget.PUT,
                    direct.get().put(key, length, validity),
                    java.util.Map.of("Content-Length", Long.toString(length)),
                    null,
                    null,
                    urlsExpireAt);
        }
        int parts = (int) ((length + DIRECT_PART_BYTES - 1) / DIRECT_PART_BYTES);
        DirectUploads.Multipart multipart = direct.get().startMultipart(key, parts, validity);
        insert(id, ownerId, length, metadata, key, parts, multipart.uploadId());
        return new UploadTarget(
                id, UploadTarget.MULTIPART, null, null, DIRECT_PART_BYTES, multipart.partUrls(), urlsExpireAt);
    }

    private void insert(
            String id, String ownerId, long length, String metadata, String directKey, Integer parts, String uploadId) {
        database.read(c -> Sql.update(
                c,
                "INSERT INTO upload_file (file_id, owner_id, length, metadata, stored_bytes, last_write, direct_key,"
                        + " direct_parts, direct_upload_id) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
                id,
                ownerId,
                length,
                metadata,
                Instant.now().toString(),
                directKey,
                parts == null ? 0 : parts, // the stores' nullable columns are text
                uploadId));
    }

    @Override
    public Optional<StoredFile> find(String fileId) {
        return row(fileId).map(Row::file);
    }

    @Override
    public Optional<StoredFile> takeIn(String fileId) throws IOException {
        Optional<Row> row = row(fileId);
        if (row.isEmpty() || row.get().directKey() == null || row.get().file().complete()) {
            return row.map(Row::file);
        }
        Row direct = row.get();
        DirectUploads uploads = objects.directUploads().orElseThrow();
        if (direct.uploadId() != null) {
            try {
                uploads.completeMultipart(direct.directKey(), direct.uploadId(), direct.parts());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UploadException(UploadException.Reason.INCOMPLETE_FILE, e.getReason());
            }
        }
        long size = objects.size(direct.directKey()).orElse(0);
        if (size > direct.file().length()) {
            delete(fileId);
            throw new UploadException(
                    UploadException.Reason.PAST_ANNOUNCED_LENGTH,
                    "file " + fileId + " was announced with " + direct.file().length() + " bytes but " + size
                            + " arrived; nothing was stored, ask for a new upload target");
        }
        if (size == direct.file().length()) {
            database.transaction(c -> {
                if (Sql.update(
                                c,
                                "UPDATE upload_file SET stored_bytes = ?, last_write = ?, direct_upload_id = NULL"
                                        + " WHERE file_id = ? AND stored_bytes = 0",
                                size,
                                Instant.now().toString(),
                                fileId)
                        == 1) {
                    Sql.update(
                            c,
                            "INSERT INTO upload_chunk (file_id, first_byte, length, object_key) VALUES (?, 0, ?, ?)",
                            fileId,
                            size,
                            direct.directKey());
                }
                return null;
            });
        }
        return find(fileId);
    }

    @Override
    public Optional<StoredFile> resume(String fileId) throws IOException {
        ObjectAppend earlier = appending.get(fileId);
        if (earlier != null) {
            earlier.closeWhenQuiet(); // the client gave that request up and is resuming
        }
        return find(fileId);
    }

    @Override
    public Append append(String fileId, long offset, ChunkChecksum checksum) throws IOException {
        StoredFile file = resume(fileId)
                .orElseThrow(() -> new UploadException(UploadException.Reason.UNKNOWN_FILE, "no file " + fileId));
        if (offset != file.offset()) {
            throw new UploadException(
                    UploadException.Reason.OFFSET_MISMATCH,
                    "file " + fileId + " has " + file.offset() + " bytes; send the chunk at that offset, not at "
                            + offset);
        }
        ObjectAppend append = new ObjectAppend(file, checksum, spool.resolve(file.id() + "-" + UUID.randomUUID()));
        appending.put(fileId, append);
        return append;
    }

    @Override
    public InputStream open(String fileId) throws IOException {
        List<String> keys = database.read(c -> Sql.query(
                c,
                "SELECT object_key FROM upload_chunk WHERE file_id = ? ORDER BY first_byte",
                row -> row.getString(1),
                fileId));
        Iterator<String> next = keys.iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return objects.open(next.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public void delete(String fileId) throws IOException {
        ObjectAppend open = appending.remove(fileId);
        if (open != null) {
            open.discard();
        }
        Optional<Row> row = row(fileId);
        if (row.isPresent() && row.get().uploadId() != null) {
            objects.directUploads()
                    .orElseThrow()
                    .abortMultipart(row.get().directKey(), row.get().uploadId());
        }
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM upload_chunk WHERE file_id = ?", fileId);
            return Sql.update(c, "DELETE FROM upload_file WHERE file_id = ?", fileId);
        });
        if (ID.matcher(fileId).matches()) {
            objects.deleteAll("uploads/" + fileId + "/");
        }
    }

    @Override
    public int deleteAbandoned(Instant cutoff) throws IOException {
        List<String> abandoned = database.read(c -> Sql.query(
                c, "SELECT file_id FROM upload_file WHERE last_write < ?", row -> row.getString(1), cutoff.toString()));
        int deleted = 0;
        for (String fileId : abandoned) {
            if (!appending.containsKey(fileId)) {
                delete(fileId);
                deleted++;
            }
        }
        return deleted;
    }

    /** What the database knows of one file. */
    private record Row(StoredFile file, String directKey, Integer parts, String uploadId) {}

    private Optional<Row> row(String fileId) {
        if (fileId == null || !ID.matcher(fileId).matches()) {
            return Optional.empty();
        }
        return database.read(c -> Sql.query(
                        c,
                        "SELECT file_id, owner_id, length, stored_bytes, metadata, last_write, direct_key,"
                                + " direct_parts, direct_upload_id FROM upload_file WHERE file_id = ?",
                        ObjectFileStorage::row,
                        fileId)
                .stream()
                .findFirst());
    }

    private static Row row(ResultSet rs) throws SQLException {
        int parts = rs.getInt(8);
        return new Row(
                new StoredFile(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        Instant.parse(rs.getString(6))),
                rs.getString(7),
                parts == 0 ? null : parts,
                rs.getString(9));
    }

    /**
     * Stores what arrived as one object and moves the offset past it, unless another request moved
     * it first; returns whether the bytes were kept.
     */
    private boolean store(StoredFile file, Path spooled, long length) throws IOException {
        if (length == 0) {
            return true;
        }
        String key = "uploads/" + file.id() + "/" + String.format("%012d", file.offset()) + "-" + UUID.randomUUID();
        objects.put(key, spooled);
        boolean kept = database.transaction(c -> {
            if (Sql.update(
                            c,
                            "UPDATE upload_file SET stored_bytes = stored_bytes + ?, last_write = ?"
                                    + " WHERE file_id = ? AND stored_bytes = ?",
                            length,
                            Instant.now().toString(),
                            file.id(),
                            file.offset())
                    != 1) {
                return false;
            }
            Sql.update(
                    c,
                    "INSERT INTO upload_chunk (file_id, first_byte, length, object_key) VALUES (?, ?, ?, ?)",
                    file.id(),
                    file.offset(),
                    length,
                    key);
            return true;
        });
        if (!kept) {
            objects.delete(key);
            LOG.info(
                    "dropped {} bytes sent to file {} at offset {}: another request moved its offset first",
                    length,
                    file.id(),
                    file.offset());
        }
        return kept;
    }

    /** An append spooled on this node, stored when it ends. */
    private final class ObjectAppend extends ChannelAppend {
        private final Path spooled;

        ObjectAppend(StoredFile file, ChunkChecksum checksum, Path spooled) throws IOException {
            super(file, checksum, FileChannel.open(spooled, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            this.spooled = spooled;
        }

        @Override
        public synchronized StoredFile finish() throws IOException {
            requireOpen();
            if (checksum != null && !checksum.matches(digest)) {
                discard();
                throw checksumMismatch();
            }
            if (!end(true)) {
                throw new UploadException(
                        UploadException.Reason.OFFSET_MISMATCH,
                        "another request on file " + file.id() + " moved its offset first; none of these " + written
                                + " bytes was kept, ask for the offset (HEAD) and resume from there");
            }
            return find(file.id()).orElseThrow();
        }

        /** Ends the append keeping what arrived, unless it is a checksummed chunk (it cannot be checked). */
        @Override
        public synchronized void close() throws IOException {
            end(checksum == null);
        }

        synchronized void discard() throws IOException {
            end(false);
        }

        private boolean end(boolean keep) throws IOException {
            if (closed) {
                return true;
            }
            closed = true;
            try {
                channel.close();
                return !keep || store(file, spooled, written);
            } finally {
                // only now: a request that resumes meanwhile waits for this one (synchronized) and sees its offset
                appending.remove(file.id(), this);
                Files.deleteIfExists(spooled);
            }
        }
    }
}
