package org.offlinepacks.api.download;

import java.util.Optional;
import java.util.function.Predicate;
import org.offlinepacks.api.bundle.PackRepository;

/**
 * Finds a file by its sha256 among every kept pack version in the pack catalog: parts, their gzip
 * forms and bundles, so a device that started from an older manifest can still finish its download,
 * on whichever node it resumes.
 */
final class PartIndex {
    /** Where one file is; {@code gzip} is the gzip form of a part, when it has one. */
    record Location(FileResource.LocalFile file, String mediaType, FileResource.Gzip gzip) {}

    private final PackRepository repository;

    PartIndex(PackRepository repository) {
        this.repository = repository;
    }

    /** The file in the newest kept pack of a boundary that {@code mayRead} accepts. */
    Optional<Location> find(String sha256, Predicate<String> mayRead) {
        // newest first: the version least likely to be pruned while it is sent
        return repository.filesWithSha256(sha256).stream()
                .filter(file -> mayRead.test(file.boundaryId()))
                .findFirst()
                .map(file -> new Location(
                        () -> repository.file(file.boundaryId(), file.packVersion(), file.path()),
                        file.mediaType(),
                        file.gzipPath() == null
                                ? null
                                : new FileResource.Gzip(
                                        () -> repository.file(file.boundaryId(), file.packVersion(), file.gzipPath()),
                                        FileResource.quote(file.gzipSha256()))));
    }
}
