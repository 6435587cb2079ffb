package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Files kept by key ({@code packs/BOUNDARY/3/tiles.mbtiles}, {@code receipts/UPLOAD/all.json}):
 * pack parts, bundles, receipts and uploaded files. Two implementations: the data folder
 * ({@link FolderObjectStore}, the default: a key is a path under it) and S3-compatible object
 * storage shared by several nodes ({@link S3ObjectStore}).
 *
 * <p>An object is written whole or not at all, so a reader never sees part of one. Keys name
 * immutable content: a key is written once (or again with the same bytes), which is what lets a
 * node keep copies of remote objects ({@link #localFile}) without ever asking whether they changed.
 * Keys are {@code /}-separated segments of letters, digits, {@code .}, {@code _} and {@code -}
 * that do not start with a dot ({@link ObjectKeys}).
 */
public interface ObjectStore extends AutoCloseable {
    /**
     * Stores the bytes of {@code file} under {@code key}. The caller does not change {@code file}
     * afterwards (the data folder may link it instead of copying it).
     */
    void put(String key, Path file) throws IOException;

    void put(String key, byte[] bytes) throws IOException;

    /** Copies an object inside the storage; its bytes do not pass through this node. */
    void copy(String fromKey, String toKey) throws IOException;

    /** The object's size in bytes, or empty when there is no such object. */
    OptionalLong size(String key) throws IOException;

    /** The object's bytes; {@link java.nio.file.NoSuchFileException} when there is no such object. */
    InputStream open(String key) throws IOException;

    /**
     * A file on this node with the object's bytes, to send with ranges: the data folder's own file,
     * or a copy fetched once into the node's cache of remote objects; {@link
     * java.nio.file.NoSuchFileException} when there is no such object.
     */
    Path localFile(String key) throws IOException;

    /** Every key that starts with {@code prefix}, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Removes an object; no error when there is none. */
    void delete(String key) throws IOException;

    /** Removes every object whose key starts with {@code prefix}. */
    default void deleteAll(String prefix) throws IOException {
        for (String key : list(prefix)) {
            delete(key);
        }
    }

    /** URLs that let a device upload straight into the storage; empty for the data folder. */
    default Optional<DirectUploads> directUploads() {
        return Optional.empty();
    }

    /** Whether several nodes see the same objects (object storage), rather than one node's data folder. */
    boolean shared();

    @Override
    void close();
}
