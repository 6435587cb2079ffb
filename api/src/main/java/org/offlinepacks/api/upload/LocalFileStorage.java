package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Files in a local folder: {@code <id>.data} with the bytes kept so far, {@code <id>.meta} with
 * owner, announced length and the client's metadata. The offset is the size of the data file, so
 * it is right after a crash too (an append is forced to disk when it ends, finished or cut). A
 * checksummed chunk is first written to {@code <id>.chunk} and appended once it matches.
 */
public final class LocalFileStorage implements FileStorage {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final Path folder;
    /** The append in progress per file: a newer one stops it. */
    private final ConcurrentHashMap<String, LocalAppend> appending = new ConcurrentHashMap<>();

    public LocalFileStorage(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public StoredFile create(String ownerId, long length, String metadata) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createFile(data(id));
        Path meta = folder.resolve(id + ".meta");
        Path temp = folder.resolve(id + ".meta.tmp");
        Files.write(temp, List.of(ownerId, Long.toString(length), metadata), StandardCharsets.UTF_8);
        Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE);
        return find(id).orElseThrow();
    }

    @Override
    public Optional<StoredFile> find(String fileId) throws IOException {
        if (fileId == null || !ID.matcher(fileId).matches()) {
            return Optional.empty();
        }
        Path meta = folder.resolve(fileId + ".meta");
        Path data = data(fileId);
        if (!Files.exists(meta) || !Files.exists(data)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
        return Optional.of(new StoredFile(
                fileId,
                lines.get(0),
                Long.parseLong(lines.get(1)),
                Files.size(data),
                lines.size() > 2 ? lines.get(2) : "",
                Files.getLastModifiedTime(data).toInstant()));
    }

    @Override
    public Optional<StoredFile> resume(String fileId) throws IOException {
        LocalAppend earlier = appending.get(fileId);
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
        LocalAppend append = new LocalAppend(file, checksum, checksum == null ? data(file.id()) : chunk(file.id()));
        appending.put(fileId, append);
        return append;
    }

    @Override
    public InputStream open(String fileId) throws IOException {
        return Files.newInputStream(data(fileId));
    }

    @Override
    public void delete(String fileId) throws IOException {
        LocalAppend open = appending.remove(fileId);
        if (open != null) {
            open.close();
        }
        Files.deleteIfExists(folder.resolve(fileId + ".meta"));
        Files.deleteIfExists(chunk(fileId));
        Files.deleteIfExists(data(fileId));
    }

    @Override
    public int deleteAbandoned(Instant cutoff) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.data")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".data".length());
                if (!appending.containsKey(id)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    delete(id);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private Path data(String id) {
        return folder.resolve(id + ".data");
    }

    private Path chunk(String id) {
        return folder.resolve(id + ".chunk");
    }

    /** Writes straight to the data file, or through {@code <id>.chunk} when the chunk is checksummed. */
    private final class LocalAppend extends ChannelAppend {
        private final Path target;

        LocalAppend(StoredFile file, ChunkChecksum checksum, Path target) throws IOException {
            super(
                    file,
                    checksum,
                    checksum == null
                            ? FileChannel.open(target, StandardOpenOption.APPEND)
                            : FileChannel.open(
                                    target,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.READ,
                                    StandardOpenOption.WRITE,
                                    StandardOpenOption.TRUNCATE_EXISTING));
            this.target = target;
        }

        @Override
        public synchronized StoredFile finish() throws IOException {
            requireOpen();
            if (checksum != null) {
                if (!checksum.matches(digest)) {
                    close();
                    throw checksumMismatch();
                }
                channel.force(false);
                try (FileChannel data = FileChannel.open(data(file.id()), StandardOpenOption.APPEND)) {
                    channel.transferTo(0, written, data);
                    data.force(false);
                }
            }
            close();
            return find(file.id()).orElseThrow();
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            appending.remove(file.id(), this);
            try {
                if (checksum == null) {
                    channel.force(false); // every byte that arrived is kept
                }
                channel.close();
            } finally {
                if (checksum != null) {
                    Files.deleteIfExists(target);
                }
            }
        }
    }
}
