package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.offlinepacks.api.signing.SigningKeys;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.storage.FolderObjectStore;
import org.offlinepacks.boundarydata.storage.ObjectStore;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Databases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Published packs: their files are objects in an {@link ObjectStore} (the data folder by default,
 * or object storage shared by several nodes), and which versions exist and which one is current is
 * the pack catalog in the database ({@link PackCatalog}).
 *
 * <pre>
 * packs/BOUNDARY/N/...          the files of pack version N (objects; in the data folder, files)
 * DATA/packs/BOUNDARY/.staging-X/  a build in progress on this node; never served, removed if abandoned
 * </pre>
 *
 * A build gets its version number from the catalog when it starts, so two builds never write the
 * same objects. Publishing stores every file of the staging folder (a file with the same sha256 as
 * one of a kept version is copied inside the storage, not sent again), then records the version
 * and makes it current in one transaction, so readers only ever see whole packs. The last {@link
 * #KEEP_VERSIONS} versions are kept so a device in the middle of a download can finish it.
 */
public final class PackRepository implements AutoCloseable {
    public static final int KEEP_VERSIONS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(PackRepository.class);
    private static final String LEGACY_CURRENT = "current";
    private static final String STAGING_PREFIX = ".staging-";
    private static final String GZIP_MEDIA_TYPE = "application/gzip";

    private final Path dataDir;
    private final Path packsDir;
    private final ObjectStore objects;
    private final PackCatalog catalog;
    private final SigningKeys signingKeys;
    private final List<AutoCloseable> owned;

    /** The embedded default: files in the data folder, the catalog in its {@code packs.sqlite}. */
    public PackRepository(Path dataDir) {
        this(dataDir, new FolderObjectStore(dataDir), Database.sqlite(dataDir.resolve(Databases.PACKS_FILE)), true);
    }

    /**
     * Files in {@code objects}, the catalog in {@code catalog}; both stay open when this is closed.
     * Builds stage their files under {@code dataDir}.
     */
    public PackRepository(Path dataDir, ObjectStore objects, Database catalog) {
        this(dataDir, objects, catalog, false);
    }

    private PackRepository(Path dataDir, ObjectStore objects, Database catalog, boolean owned) {
        this.dataDir = dataDir;
        this.packsDir = dataDir.resolve("packs");
        this.objects = objects;
        this.owned = owned ? List.of(catalog, objects) : List.of();
        try {
            this.catalog = new PackCatalog(catalog);
            this.signingKeys = new SigningKeys(catalog);
            importFolderPacks();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The campaigns' manifest signing keys, kept in the catalog's database so every node signs alike. */
    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** The data folder builds stage their files in. */
    public Path dataDir() {
        return dataDir;
    }

    /** The pack devices get now for this boundary, if one was ever published. */
    public Optional<PublishedPack> current(String boundaryId) {
        return catalog.current(checked(boundaryId)).map(this::published);
    }

    /** A kept version (current or one of the few before it). */
    public Optional<PublishedPack> version(String boundaryId, long version) {
        return catalog.published(checked(boundaryId), version).map(this::published);
    }

    /** Published versions kept, oldest first. */
    public List<Long> versions(String boundaryId) {
        return catalog.publishedVersions(checked(boundaryId));
    }

    /** Every boundary that has a current pack. */
    public List<String> boundaries() {
        return catalog.boundaries();
    }

    /**
     * A file of a published version, on this node: the data folder's own file, or a copy of the
     * object fetched once; {@link NoSuchFileException} when the version was pruned.
     */
    public Path file(PublishedPack pack, String path) throws IOException {
        return objects.localFile(key(pack.boundaryId(), pack.packVersion(), path));
    }

    /** A file devices fetch by sha256 (a part, its gzip form, a bundle) in a kept version. */
    public record StoredFile(
            String boundaryId, long packVersion, String path, String mediaType, String gzipPath, String gzipSha256) {}

    /** Every kept file with this sha256, newest version first. */
    public List<StoredFile> filesWithSha256(String sha256) {
        return catalog.files(sha256).stream()
                .map(f -> new StoredFile(
                        f.boundaryId(), f.version(), f.path(), f.mediaType(), f.gzipPath(), f.gzipSha256()))
                .toList();
    }

    /** A local copy of a kept file (see {@link #file}). */
    public Path file(String boundaryId, long packVersion, String path) throws IOException {
        return objects.localFile(key(boundaryId, packVersion, path));
    }

    /**
     * Removes the staging folders that builds of the boundary left when they were killed. Call while
     * holding the boundary's build lease ({@link org.offlinepacks.api.lease.BoundaryLeases}).
     */
    public void removeAbandonedStaging(String boundaryId) throws IOException {
        Path dir = boundaryDir(boundaryId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path stale : children.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX))
                    .toList()) {
                LOG.info("removing staging folder of an interrupted build: {}", stale);
                deleteTree(stale);
            }
        }
    }

    /** Removes every kept version of a boundary (a retired boundary, after its grace period). */
    public void removeAll(String boundaryId) throws IOException {
        catalog.removeAll(checked(boundaryId));
        objects.deleteAll("packs/" + boundaryId + "/");
        deleteTree(boundaryDir(boundaryId));
    }

    /** A new, empty staging folder for the boundary. Call while holding its build lease. */
    public Path newStagingDir(String boundaryId) throws IOException {
        return Files.createDirectories(boundaryDir(boundaryId).resolve(STAGING_PREFIX + UUID.randomUUID()));
    }

    /**
     * The version the next publish gets, reserved in the catalog for this build: one more than any
     * version the boundary ever had. Give it back with {@link #release} if the build fails.
     */
    public long nextVersion(String boundaryId) {
        return catalog.reserve(checked(boundaryId));
    }

    /** Gives up a reserved version whose build failed, with whatever of it was already stored. */
    public void release(String boundaryId, long version) {
        if (catalog.release(checked(boundaryId), version)) {
            try {
                objects.deleteAll(prefix(boundaryId, version));
            } catch (IOException e) {
                LOG.warn("cannot remove the files of unpublished version {} of {}", version, boundaryId, e);
            }
        }
    }

    /**
     * Stores a complete, verified staging folder as {@code version} and makes it current in one
     * transaction, asking {@code fence} right before; then removes versions beyond the last few.
     * Call while holding the boundary's build lease.
     */
    public PublishedPack publish(String boundaryId, Path stagingDir, long version, PublishFence fence)
            throws IOException {
        PackManifest manifest = PartJson.read(stagingDir.resolve(PackManifest.FILE_NAME), PackManifest.class);
        List<PackCatalog.File> files = servedFiles(boundaryId, version, manifest);
        storeFiles(boundaryId, version, stagingDir, files);
        Path manifestGzip = stagingDir.resolve(PackManifest.FILE_NAME + GzipForm.SUFFIX);
        PackCatalog.Version published = new PackCatalog.Version(
                boundaryId,
                version,
                Sha256.ofFile(stagingDir.resolve(PackManifest.FILE_NAME)),
                Files.isRegularFile(manifestGzip) ? Sha256.ofFile(manifestGzip) : null,
                manifest.bundle() == null ? null : manifest.bundle().sha256(),
                manifest.boundaryVersion());
        fence.check();
        catalog.publish(published, files);
        prune(boundaryId, version);
        return published(published);
    }

    /** Every file of the staging folder into the storage: copied inside it when a kept version has the same bytes. */
    private void storeFiles(String boundaryId, long version, Path stagingDir, List<PackCatalog.File> served)
            throws IOException {
        java.util.Map<String, String> sha256ByPath = new java.util.HashMap<>();
        served.forEach(file -> sha256ByPath.put(file.path(), file.sha256()));
        List<Path> all;
        try (Stream<Path> walk = Files.walk(stagingDir)) {
            all = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int copied = 0;
        for (Path file : all) {
            String path = stagingDir
                    .relativize(file)
                    .toString()
                    .replace(file.getFileSystem().getSeparator(), "/");
            String key = key(boundaryId, version, path);
            String sha256 = sha256ByPath.get(path);
            Optional<PackCatalog.File> same =
                    sha256 == null ? Optional.empty() : catalog.fileOfBoundary(boundaryId, sha256);
            if (same.isPresent()
                    && copy(key(boundaryId, same.get().version(), same.get().path()), key)) {
                copied++;
            } else {
                objects.put(key, file);
            }
        }
        LOG.info(
                "stored version {} of {} in {}: {} files, {} of them copied from a kept version",
                version,
                boundaryId,
                objects,
                all.size(),
                copied);
    }

    private boolean copy(String fromKey, String toKey) throws IOException {
        try {
            objects.copy(fromKey, toKey);
            return true;
        } catch (NoSuchFileException e) {
            return false; // pruned meanwhile: store the bytes
        }
    }

    /** The rows of the files devices fetch by sha256: each part, its gzip form, and the bundle. */
    private static List<PackCatalog.File> servedFiles(String boundaryId, long version, PackManifest manifest) {
        List<PackManifest.Part> parts = new ArrayList<>(manifest.parts());
        if (manifest.bundle() != null) {
            parts.add(manifest.bundle());
        }
        List<PackCatalog.File> files = new ArrayList<>();
        for (PackManifest.Part part : parts) {
            PackManifest.Encoded gzip = part.gzip();
            files.add(new PackCatalog.File(
                    boundaryId,
                    version,
                    part.path(),
                    part.sha256(),
                    part.mediaType(),
                    gzip == null ? null : part.gzipPath(),
                    gzip == null ? null : gzip.sha256()));
            if (gzip != null) {
                files.add(new PackCatalog.File(
                        boundaryId, version, part.gzipPath(), gzip.sha256(), GZIP_MEDIA_TYPE, null, null));
            }
        }
        return files;
    }

    /** Removes versions beyond the last few, and what builds that died left in the storage. */
    private void prune(String boundaryId, long published) throws IOException {
        Set<Long> kept = new HashSet<>(catalog.prune(boundaryId, published, KEEP_VERSIONS));
        Set<Long> stored = new HashSet<>();
        String boundaryPrefix = "packs/" + boundaryId + "/";
        for (String key : objects.list(boundaryPrefix)) {
            String segment = key.substring(boundaryPrefix.length()).split("/", 2)[0];
            if (segment.matches("[0-9]+")) {
                stored.add(Long.parseLong(segment));
            }
        }
        for (long version : stored) {
            if (!kept.contains(version) && version < published) {
                objects.deleteAll(prefix(boundaryId, version));
            }
        }
    }

    /**
     * A data folder from before the catalog has packs on disk with a {@code current} file: they
     * are recorded in the catalog once, as they are, and the file is removed (the catalog decides).
     */
    private void importFolderPacks() {
        if (objects.shared() || !Files.isDirectory(packsDir)) {
            return;
        }
        Set<String> catalogued = new HashSet<>(catalog.catalogued());
        List<Path> boundaries;
        try (Stream<Path> dirs = Files.list(packsDir)) {
            boundaries = dirs.filter(dir -> Files.isRegularFile(dir.resolve(LEGACY_CURRENT)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + packsDir, e);
        }
        for (Path dir : boundaries) {
            String boundaryId = dir.getFileName().toString();
            if (catalogued.contains(boundaryId) || !BoundaryReader.isSafeId(boundaryId)) {
                continue;
            }
            try {
                importFolderPacks(boundaryId, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the packs in " + dir + " in the catalog", e);
            }
        }
    }

    private void importFolderPacks(String boundaryId, Path dir) throws IOException {
        long current =
                Long.parseLong(Files.readString(dir.resolve(LEGACY_CURRENT)).trim());
        List<Long> versions;
        try (Stream<Path> children = Files.list(dir)) {
            versions = children.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[0-9]+"))
                    .map(Long::parseLong)
                    .filter(v -> Files.isRegularFile(dir.resolve(v + "/" + PackManifest.FILE_NAME)))
                    .sorted()
                    .toList();
        }
        for (long version : versions) {
            Path folder = dir.resolve(Long.toString(version));
            PackManifest manifest = PartJson.read(folder.resolve(PackManifest.FILE_NAME), PackManifest.class);
            Path gzip = folder.resolve(PackManifest.FILE_NAME + GzipForm.SUFFIX);
            catalog.importPublished(
                    new PackCatalog.Version(
                            boundaryId,
                            version,
                            Sha256.ofFile(folder.resolve(PackManifest.FILE_NAME)),
                            Files.isRegularFile(gzip) ? Sha256.ofFile(gzip) : null,
                            manifest.bundle() == null ? null : manifest.bundle().sha256(),
                            manifest.boundaryVersion()),
                    servedFiles(boundaryId, version, manifest),
                    version == current);
        }
        Files.delete(dir.resolve(LEGACY_CURRENT));
        LOG.info("recorded packs {} of {} (current: {}) in the pack catalog", versions, boundaryId, current);
    }

    private PublishedPack published(PackCatalog.Version version) {
        return new PublishedPack(
                version.boundaryId(),
                version.version(),
                boundaryDir(version.boundaryId()).resolve(Long.toString(version.version())),
                version.manifestSha256(),
                version.manifestGzipSha256(),
                version.bundleSha256(),
                version.boundaryVersion());
    }

    private static String checked(String boundaryId) {
        if (!BoundaryReader.isSafeId(boundaryId)) {
            throw new IllegalArgumentException("not a boundary id: " + boundaryId);
        }
        return boundaryId;
    }

    private static String prefix(String boundaryId, long version) {
        return "packs/" + checked(boundaryId) + "/" + version + "/";
    }

    private static String key(String boundaryId, long version, String path) {
        return prefix(boundaryId, version) + path;
    }

    private Path boundaryDir(String boundaryId) {
        return packsDir.resolve(checked(boundaryId));
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

    @Override
    public void close() {
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}", resource, e);
            }
        }
    }
}
