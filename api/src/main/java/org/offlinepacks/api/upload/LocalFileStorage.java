package org.offlinepacks.api.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
 * Files in a local folder: {@code <id>.data} with the bytes received so far, {@code <id>.meta}
 * with owner and announced length. The offset is the size of the data file, so it is right after
 * a crash too (every chunk is forced to disk before it is acknowledged).
 */
public final class LocalFileStorage implements FileStorage {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path folder;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public LocalFileStorage(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public StoredFile create(String ownerId, long length) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createFile(data(id));
        Path meta = folder.resolve(id + ".meta");
        Path temp = folder.resolve(id + ".meta.tmp");
        Files.write(temp, List.of(ownerId, Long.toString(length)), StandardCharsets.UTF_8);
        Files.move(temp, meta, StandardCopyOption.ATOMIC_MOVE);
        return new StoredFile(id, ownerId, length, 0);
    }

    @Override
    public Optional<StoredFile> find(String fileId) throws IOException {
        if (fileId == null || !ID.matcher(fileId).matches()) {
            return Optional.empty();
        }
        Path meta = folder.resolve(fileId + ".meta");
        if (!Files.exists(meta) || !Files.exists(data(fileId))) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
        return Optional.of(
                new StoredFile(fileId, lines.get(0), Long.parseLong(lines.get(1)), Files.size(data(fileId))));
    }

    @Override
    public StoredFile append(String fileId, long offset, InputStream chunk) throws IOException {
        synchronized (locks.computeIfAbsent(fileId, id -> new Object())) {
            StoredFile file = find(fileId)
                    .orElseThrow(() -> new UploadException(UploadException.Reason.UNKNOWN_FILE, "no file " + fileId));
            if (offset != file.offset()) {
                throw new UploadException(
                        UploadException.Reason.OFFSET_MISMATCH,
                        "file " + fileId + " has " + file.offset() + " bytes; send the chunk at that offset, not at "
                                + offset);
            }
            long remaining = file.length() - file.offset();
            long written;
            try (FileChannel channel = FileChannel.open(data(fileId), StandardOpenOption.APPEND)) {
                OutputStream out = Channels.newOutputStream(channel);
                written = copy(chunk, out, remaining);
                channel.force(false);
            }
            if (written > remaining) {
                throw new UploadException(
                        UploadException.Reason.BAD_REQUEST,
                        "the chunk goes past the announced length of " + file.length() + " bytes; the first "
                                + remaining + " bytes were kept");
            }
            return new StoredFile(fileId, file.ownerId(), file.length(), file.offset() + written);
        }
    }

    /** Copies at most {@code max} bytes; returns {@code max + 1} if the input had more. */
    private static long copy(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            int keep = (int) Math.min(read, max - total);
            out.write(buffer, 0, keep);
            total += keep;
            if (keep < read) {
                return max + 1;
            }
        }
        out.flush();
        return total;
    }

    @Override
    public InputStream open(String fileId) throws IOException {
        return Files.newInputStream(data(fileId));
    }

    @Override
    public void delete(String fileId) throws IOException {
        Files.deleteIfExists(folder.resolve(fileId + ".meta"));
        Files.deleteIfExists(data(fileId));
        locks.remove(fileId);
    }

    @Override
    public int deleteAbandoned(Instant cutoff) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.data")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    String name = file.getFileName().toString();
                    delete(name.substring(0, name.length() - ".data".length()));
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private Path data(String id) {
        return folder.resolve(id + ".data");
    }
}
