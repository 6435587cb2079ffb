package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.offlinepacks.boundarydata.storage.DirectUploads;
import org.offlinepacks.boundarydata.storage.ObjectStore;

/** A real object store that also records which keys were stored with bytes and which were copied. */
final class CountingObjectStore implements ObjectStore {
    final List<String> puts = new CopyOnWriteArrayList<>();
    final List<String> copies = new CopyOnWriteArrayList<>();
    private final ObjectStore store;

    CountingObjectStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        puts.add(key);
        store.put(key, file);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        puts.add(key);
        store.put(key, bytes);
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        copies.add(toKey);
        store.copy(fromKey, toKey);
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        return store.size(key);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return store.open(key);
    }

    @Override
    public Path localFile(String key) throws IOException {
        return store.localFile(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        store.deleteAll(prefix);
    }

    @Override
    public Optional<DirectUploads> directUploads() {
        return store.directUploads();
    }

    @Override
    public boolean shared() {
        return store.shared();
    }

    @Override
    public void close() {
        store.close();
    }
}
