package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of remote objects in a folder of the node, so that a file thousands of devices download
 * (and resume, range by range, for hours over 2G) is fetched from object storage once and then sent
 * from local disk like any other. Keys name immutable content, so a copy is never stale. Requests
 * for an object being fetched wait for that one fetch. Past {@code maxBytes}, the copies used least
 * recently are removed (a download still reading one keeps its open file).
 */
final class ObjectCache {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectCache.class);
    private static final String TEMP_PREFIX = ".fetch-";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** Writes an object's bytes into a file. */
    @FunctionalInterface
    interface Fetch {
        void into(Path file) throws IOException;
    }

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Path>> fetching = new ConcurrentHashMap<>();

    ObjectCache(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file); // a fetch the process did not finish
                } else {
                    bytes.addAndGet(Files.size(file));
                }
            }
        }
    }

    Path path(String key) {
        return dir.resolve(key);
    }

    Path get(String key, Fetch fetch) throws IOException {
        Path file = path(key);
        if (Files.isRegularFile(file)) {
            touch(file);
            return file;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = fetching.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            try {
                fetch.into(temp);
                long size = Files.size(temp);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                bytes.addAndGet(size);
            } finally {
                Files.deleteIfExists(temp);
            }
            mine.complete(file);
            evictIfOver(file);
            return file;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(key, mine);
        }
    }

    private static Path await(CompletableFuture<Path> running) throws IOException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while another request fetched the object", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchFileException missing) {
                throw new NoSuchFileException(missing.getFile(), null, missing.getReason());
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static void touch(Path file) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(file).toInstant().plus(TOUCH_EVERY).isBefore(now)) {
                Files.setLastModifiedTime(file, FileTime.from(now));
            }
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used", file, e); // evicted meanwhile: still open for the caller
        }
    }

    /** Removes the least recently used copies until the cache is under 80% of its budget. */
    private synchronized void evictIfOver(Path keep) throws IOException {
        if (bytes.get() <= maxBytes) {
            return;
        }
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(TEMP_PREFIX) && !f.equals(keep))
                    .sorted(Comparator.comparing(ObjectCache::lastModified))
                    .toList();
        }
        long target = maxBytes / 10 * 8;
        int removed = 0;
        for (Path file : files) {
            if (bytes.get() <= target) {
                break;
            }
            long size = Files.size(file);
            if (Files.deleteIfExists(file)) {
                bytes.addAndGet(-size);
                removed++;
            }
        }
        LOG.info("object cache {}: removed {} copies used least recently, {} MB kept", dir, removed, bytes.get() >> 20);
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // removed meanwhile
        }
    }
}
