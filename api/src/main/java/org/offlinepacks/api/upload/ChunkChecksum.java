package org.offlinepacks.api.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checksum a client announces for one chunk (tus checksum extension:
 * {@code Upload-Checksum: sha256 BASE64}); a chunk that does not match is not kept at all.
 */
public record ChunkChecksum(String algorithm, byte[] expected) {
    private static final Map<String, String> DIGESTS =
            Map.of("sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512", "md5", "MD5");

    /** The algorithms a client may use, for {@code Tus-Checksum-Algorithm}. */
    public static Set<String> algorithms() {
        return new TreeSet<>(DIGESTS.keySet());
    }

    /** Reads an {@code Upload-Checksum} header; null for none. */
    public static ChunkChecksum parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.trim().split("\\s+");
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        if (parts.length != 2 || !DIGESTS.containsKey(algorithm)) {
            throw new UploadException(
                    UploadException.Reason.MALFORMED_CHECKSUM,
                    "Upload-Checksum must be '<algorithm> <base64>' with one of " + algorithms() + ", got: " + header);
        }
        try {
            return new ChunkChecksum(algorithm, Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new UploadException(
                    UploadException.Reason.MALFORMED_CHECKSUM, "Upload-Checksum is not valid base64: " + header);
        }
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(DIGESTS.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    public boolean matches(MessageDigest digest) {
        return MessageDigest.isEqual(expected, digest.digest());
    }
}
