package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The gzip transfer form of a part, written once when the pack is built (never per request):
 * {@code PATH.gz} beside the part, kept only when it saves a tenth of the bytes or more. The gzip
 * header carries no name and no time, so the same part always gives the same bytes.
 */
public final class GzipForm {
    public static final String SUFFIX = ".gz";
    private static final double MAX_RATIO = 0.9;

    private GzipForm() {}

    /** Writes {@code file.gz} and returns its size and hash, or empty (and no file) when it does not pay. */
    public static Optional<PackManifest.Encoded> write(Path file) throws IOException {
        Path gzip = file.resolveSibling(file.getFileName() + SUFFIX);
        try (OutputStream out = new BestGzip(Files.newOutputStream(gzip))) {
            Files.copy(file, out);
        }
        long size = Files.size(file);
        long gzipSize = Files.size(gzip);
        if (gzipSize > size * MAX_RATIO) {
            Files.delete(gzip);
            return Optional.empty();
        }
        return Optional.of(new PackManifest.Encoded(gzipSize, Sha256.ofFile(gzip)));
    }

    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
