package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.offlinepacks.api.signing.ManifestSignatures;

/**
 * bundle.zip: manifest.json first and its signature manifest.json.sig, then every part at its path, for USB sticks and one-shot
 * downloads. Entries carry a fixed timestamp so that the bundle depends only on its contents.
 */
public final class BundleWriter {
    private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private BundleWriter() {}

    public static void write(Path packDir, PackManifest manifest, Path bundle) throws IOException {
        try (OutputStream file = Files.newOutputStream(bundle);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            add(zip, packDir, PackManifest.FILE_NAME);
            if (Files.isRegularFile(packDir.resolve(ManifestSignatures.FILE_NAME))) {
                add(zip, packDir, ManifestSignatures.FILE_NAME);
            }
            for (PackManifest.Part part : manifest.parts()) {
                add(zip, packDir, part.path());
            }
        }
    }

    private static void add(ZipOutputStream zip, Path packDir, String path) throws IOException {
        ZipEntry entry = new ZipEntry(path);
        entry.setLastModifiedTime(FIXED_TIME);
        zip.putNextEntry(entry);
        Files.copy(packDir.resolve(path), zip);
        zip.closeEntry();
    }
}
