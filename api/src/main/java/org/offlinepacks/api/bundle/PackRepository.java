package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Published packs on local disk, one folder per boundary:
 *
 * <pre>
 * packs/BOUNDARY/current       the current pack version, replaced by an atomic rename
 * packs/BOUNDARY/N/            pack version N: manifest.json, parts, bundle.zip
 * packs/BOUNDARY/.staging-X/   a build in progress; never served, removed if abandoned
 * </pre>
 *
 * A pack folder is complete before the pointer names it, so readers only ever see whole packs. The
 * last {@link #KEEP_VERSIONS} versions stay on disk so a device in the middle of a download can
 * finish it.
 */
public final class PackRepository {
    public static final int KEEP_VERSIONS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PackRepository.class);
    private static final String CURRENT = "current";
    private static final String STAGING_PREFIX = ".staging-";

    private final Path dataDir;
    private final Path packsDir;

    public PackRepository(Path dataDir) {
        this.dataDir = dataDir;
        this.packsDir = dataDir.resolve("packs");
    }

    /** The data folder the packs are in. */
    public Path dataDir() {
        return dataDir;
    }

    /** The pack devices get now for this boundary, if one was ever published. */
    public Optional<PublishedPack> current(String boundaryId) {
        Path pointer = boundaryDir(boundaryId).resolve(CURRENT);
        try {
            long version = Long.parseLong(Files.readString(pointer).trim());
            return Optional.of(new PublishedPack(boundaryId, version, versionDir(boundaryId, version)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    /** A kept version (current or one of the few before it). */
    public Optional<PublishedPack> version(String boundaryId, long version) {
        Path dir = versionDir(boundaryId, version);
        return Files.isRegularFile(dir.resolve(PackManifest.FILE_NAME))
                ? Optional.of(new PublishedPack(boundaryId, version, dir))
                : Optional.empty();
    }

    /** Versions on disk, oldest first. */
    public List<Long> versions(String boundaryId) {
        Path dir = boundaryDir(boundaryId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[0-9]+"))
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Every boundary that has a current pack. */
    public List<String> boundaries() {
        if (!Files.isDirectory(packsDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(packsDir)) {
            return children.filter(dir -> Files.exists(dir.resolve(CURRENT)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + packsDir, e);
        }
    }

    /**
     * Holds the boundary's build lock (across threads and processes) until closed, and clears
     * staging folders abandoned by builds that were killed.
     */
    public BuildLock lock(String boundaryId) throws IOException {
        Path dir = boundaryDir(boundaryId);
        Files.createDirectories(dir);
        FileChannel channel =
                FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        synchronized (PackRepository.class) { // one JVM may not hold two locks on one file
            lock = channel.lock();
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path stale : children.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX))
                    .toList()) {
                LOG.info("removing staging folder of an interrupted build: {}", stale);
                deleteTree(stale);
            }
        }
        return new BuildLock(lock, channel);
    }

    /** An exclusive build lock on one boundary. */
    public static final class BuildLock implements AutoCloseable {
        private final FileLock lock;
        private final FileChannel channel;

        private BuildLock(FileLock lock, FileChannel channel) {
            this.lock = lock;
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    /** A new, empty staging folder for the boundary. Call while holding its lock. */
    public Path newStagingDir(String boundaryId) throws IOException {
        return Files.createDirectories(boundaryDir(boundaryId).resolve(STAGING_PREFIX + UUID.randomUUID()));
    }

    /** The version the next publish gets: one more than any version ever kept. */
    public long nextVersion(String boundaryId) {
        long latest =
                versions(boundaryId).stream().mapToLong(Long::longValue).max().orElse(0);
        return Math.max(
                        latest,
                        current(boundaryId).map(PublishedPack::packVersion).orElse(0L))
                + 1;
    }

    /**
     * Moves a complete, verified staging folder into place as {@code version} and makes it current
     * in one atomic step, then removes versions beyond the last few. Call while holding the lock.
     */
    public PublishedPack publish(String boundaryId, Path stagingDir, long version, PublishFence fence)
            throws IOException {
        fence.check();
        Path target = versionDir(boundaryId, version);
        Files.move(stagingDir, target, StandardCopyOption.ATOMIC_MOVE);
        Path pointer = boundaryDir(boundaryId).resolve(CURRENT);
        Path next = boundaryDir(boundaryId).resolve(CURRENT + ".next");
        Files.writeString(next, version + "\n");
        try {
            Files.move(next, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data folder's file system cannot rename atomically: " + pointer, e);
        }
        prune(boundaryId);
        return new PublishedPack(boundaryId, version, target);
    }

    private void prune(String boundaryId) throws IOException {
        List<Long> versions = versions(boundaryId);
        for (int i = 0; i < versions.size() - KEEP_VERSIONS; i++) {
            deleteTree(versionDir(boundaryId, versions.get(i)));
        }
    }

    private Path boundaryDir(String boundaryId) {
        if (!org.offlinepacks.boundarydata.campaign.BoundaryReader.isSafeId(boundaryId)) {
            throw new IllegalArgumentException("not a boundary id: " + boundaryId);
        }
        return packsDir.resolve(boundaryId);
    }

    private Path versionDir(String boundaryId, long version) {
        return boundaryDir(boundaryId).resolve(Long.toString(version));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
