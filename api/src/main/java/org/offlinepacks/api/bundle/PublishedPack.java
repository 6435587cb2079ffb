package org.offlinepacks.api.bundle;

import java.nio.file.Path;

/**
 * A pack that was built, verified and published: its folder holds manifest.json, every part at its
 * path, bundle.zip and bundle.zip.sha256.
 */
public record PublishedPack(String boundaryId, long packVersion, Path folder) {
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
