package org.offlinepacks.api.bundle;

import java.nio.file.Path;

/**
 * A pack that was built, verified and published: manifest.json, every part at its path, bundle.zip
 * and bundle.zip.sha256, read through {@link PackRepository#file}.
 *
 * @param folder where the version's files are in the data folder when packs are kept there (the
 *     default); with object storage, read them through {@link PackRepository#file}
 * @param manifestSha256 the sha256 of manifest.json: its entity tag
 * @param manifestGzipSha256 the sha256 of manifest.json.gz, or null when it has no gzip form
 * @param bundleSha256 the sha256 of bundle.zip, or null for a pack built without one
 * @param boundaryVersion the version of the boundary the pack was built for
 */
public record PublishedPack(
        String boundaryId,
        long packVersion,
        Path folder,
        String manifestSha256,
        String manifestGzipSha256,
        String bundleSha256,
        String boundaryVersion) {
    public static final String BUNDLE = "bundle.zip";

    public Path manifestFile() {
        return folder.resolve(PackManifest.FILE_NAME);
    }

    public Path bundleFile() {
        return folder.resolve(BUNDLE);
    }

    /** The bundle's sha256, written beside it at publishing time ({@code sha256sum -c} format). */
    public Path bundleChecksumFile() {
        return folder.resolve(BUNDLE + ".sha256");
    }
}
