package org.offlinepacks.api.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.PublishedPack;

/**
 * Finds a file by its sha256 among every kept pack version: parts, their gzip forms and bundles, so
 * a device that started from an older manifest can still finish its download. Manifests are
 * immutable once published, so each is read once; a miss looks for newly published versions of the
 * boundaries the caller may read.
 */
final class PartIndex {
    /** Where one file lives; {@code gzip} is the gzip form of a part, when it has one. */
    record Location(String boundaryId, long packVersion, Path file, String mediaType, FileResource.Gzip gzip) {}

    private static final String GZIP_MEDIA_TYPE = "application/gzip";

    private final PackRepository repository;
    private final Map<String, List<Location>> bySha256 = new ConcurrentHashMap<>();
    private final Set<Path> indexedFolders = ConcurrentHashMap.newKeySet();

    PartIndex(PackRepository repository) {
        this.repository = repository;
    }

    /** A readable copy of the file in a pack of a boundary that {@code mayRead} accepts. */
    Optional<Location> find(String sha256, Predicate<String> mayRead) {
        Optional<Location> found = lookup(sha256, mayRead);
        if (found.isPresent()) {
            return found;
        }
        synchronized (this) { // so no caller sees a folder as indexed before its parts are
            refresh(mayRead);
            return lookup(sha256, mayRead);
        }
    }

    private Optional<Location> lookup(String sha256, Predicate<String> mayRead) {
        List<Location> locations = bySha256.getOrDefault(sha256, List.of());
        // newest first: the version least likely to be pruned while it is sent
        for (int i = locations.size() - 1; i >= 0; i--) {
            Location location = locations.get(i);
            if (mayRead.test(location.boundaryId()) && Files.isRegularFile(location.file())) {
                return Optional.of(location);
            }
        }
        return Optional.empty();
    }

    private void refresh(Predicate<String> mayRead) {
        for (String boundaryId : repository.boundaries()) {
            if (!mayRead.test(boundaryId)) {
                continue;
            }
            for (long version : repository.versions(boundaryId)) {
                repository.version(boundaryId, version).ifPresent(this::index);
            }
        }
    }

    private void index(PublishedPack pack) {
        if (!indexedFolders.add(pack.folder())) {
            return;
        }
        PackManifest manifest;
        try {
            manifest = PartJson.read(pack.manifestFile(), PackManifest.class);
        } catch (IOException e) {
            indexedFolders.remove(pack.folder());
            if (Files.exists(pack.folder())) {
                throw new UncheckedIOException("cannot read " + pack.manifestFile(), e);
            }
            return; // pruned while we looked
        }
        List<PackManifest.Part> files = new ArrayList<>(manifest.parts());
        if (manifest.bundle() != null) {
            files.add(manifest.bundle());
        }
        for (PackManifest.Part part : files) {
            FileResource.Gzip gzip = null;
            if (part.gzip() != null) {
                Path gzipFile = pack.folder().resolve(part.gzipPath());
                gzip = new FileResource.Gzip(
                        gzipFile, FileResource.quote(part.gzip().sha256()));
                add(
                        part.gzip().sha256(),
                        new Location(pack.boundaryId(), pack.packVersion(), gzipFile, GZIP_MEDIA_TYPE, null));
            }
            add(
                    part.sha256(),
                    new Location(
                            pack.boundaryId(),
                            pack.packVersion(),
                            pack.folder().resolve(part.path()),
                            part.mediaType(),
                            gzip));
        }
        forgetPruned();
    }

    private void add(String sha256, Location location) {
        bySha256.computeIfAbsent(sha256, sha -> new CopyOnWriteArrayList<>()).add(location);
    }

    private void forgetPruned() {
        for (Path folder : new ArrayList<>(indexedFolders)) {
            if (!Files.isDirectory(folder)) {
                indexedFolders.remove(folder);
                bySha256.values().forEach(list -> list.removeIf(l -> l.file().startsWith(folder)));
            }
        }
        bySha256.values().removeIf(List::isEmpty);
    }
}
