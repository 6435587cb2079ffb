package org.offlinepacks.boundarydata.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens the object store a configuration names. */
public final class ObjectStores {
    /** The folder of a data folder where a node keeps copies of objects from object storage. */
    public static final String CACHE_FOLDER = "object-cache";

    private ObjectStores() {}

    /** The data folder itself, or the bucket of {@code config} with copies kept in {@code dataDir/object-cache}. */
    public static ObjectStore open(StorageConfig config, Path dataDir) {
        if (config.dataFolder()) {
            return new FolderObjectStore(dataDir);
        }
        try {
            return S3ObjectStore.open(config, dataDir.resolve(CACHE_FOLDER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object storage " + config + ": " + e.getMessage(), e);
        }
    }
}
