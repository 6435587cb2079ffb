package org.offlinepacks.routing.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One version of an OSM extract, known by the SHA-256 of its bytes: a newer extract written over
 * the same path is another version, a copy of it elsewhere is the same one. Hashing reads the file
 * once, sequentially; that is cheap next to the clip's two passes that decode it.
 */
public record ExtractVersion(Path file, long sizeBytes, String sha256) {
    public static ExtractVersion of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such OSM extract");
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
                size += read;
            }
        }
        return new ExtractVersion(file, size, HexFormat.of().formatHex(digest.digest()));
    }
}
