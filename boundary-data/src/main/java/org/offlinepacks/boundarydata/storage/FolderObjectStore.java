package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a folder, the key as their path: {@code packs/BOUNDARY/3/tiles.mbtiles}
 * is {@code DATA/packs/BOUNDARY/3/tiles.mbtiles}, a file that gdalinfo and sqlite3 open as it is.
 * An object is written to a hidden file beside its place, forced to disk and renamed into place, so
 * it appears whole; files are hard-linked rather than copied where the file system allows.
 */
public final class FolderObjectStore implements ObjectStore {
    private final Path root;

    public FolderObjectStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = path(key);
        Path temp = tempBeside(target);
        try {
            linkOrCopy(file, temp);
            force(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = path(key);
        Path temp = tempBeside(target);
        try {
            Files.write(temp, bytes);
            force(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        Path from = path(fromKey);
        if (!Files.isRegularFile(from)) {
            throw new NoSuchFileException(from.toString(), null, "no object " + fromKey);
        }
        put(toKey, from);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        Path file = path(key);
        return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public Path localFile(String key) throws IOException {
        Path file = path(key);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no object " + key);
        }
        return file;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file)
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), "/"))
                    .filter(key -> key.startsWith(prefix) && isKey(key))
                    .forEach(keys::add);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return list(prefix); // removed while we walked: walk again
            }
            throw e.getCause();
        }
        keys.sort(Comparator.naturalOrder());
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    /** Removes the objects and then the folders the prefix leaves empty. */
    @Override
    public void deleteAll(String prefix) throws IOException {
        ObjectStore.super.deleteAll(prefix);
        if (prefix.endsWith("/")) {
            Path dir = root.resolve(prefix.substring(0, prefix.length() - 1));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        if (Files.isDirectory(path)) {
                            try {
                                Files.deleteIfExists(path);
                            } catch (java.nio.file.DirectoryNotEmptyException kept) {
                                // a file that is no object (a temporary one being written): left alone
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "the folder " + root;
    }

    private Path path(String key) {
        return root.resolve(ObjectKeys.check(key));
    }

    private static boolean isKey(String key) {
        try {
            ObjectKeys.check(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // temporary files, lock files, staging folders
        }
    }

    private static Path tempBeside(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    private static void linkOrCopy(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(from, to); // another file system, or links not allowed
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
