package org.offlinepacks.api.upload;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a file as lowercase hex, read from an RFC 9530 {@code Content-Digest} header
 * ({@code sha-256=:BASE64:}) or given as hex.
 */
public final class ContentDigest {
    private static final Pattern SHA256_MEMBER = Pattern.compile("(?:^|,)\\s*(?i:sha-256)\\s*=\\s*:([A-Za-z0-9+/=]+):");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private ContentDigest() {}

    /** The hex SHA-256 in a Content-Digest header; refuses a header without a valid sha-256 member. */
    public static String parseHeader(String header) {
        if (header == null || header.isBlank()) {
            throw new UploadException(
                    UploadException.Reason.MISSING_CHECKSUM,
                    "send the file's SHA-256 as a Content-Digest header: sha-256=:BASE64:");
        }
        Matcher matcher = SHA256_MEMBER.matcher(header);
        if (!matcher.find()) {
            throw new UploadException(
                    UploadException.Reason.MISSING_CHECKSUM,
                    "Content-Digest has no sha-256 member (expected sha-256=:BASE64:), got: " + header);
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw new UploadException(
                    UploadException.Reason.MALFORMED_CHECKSUM, "Content-Digest sha-256 is not valid base64: " + header);
        }
        if (digest.length != 32) {
            throw new UploadException(
                    UploadException.Reason.MALFORMED_CHECKSUM,
                    "Content-Digest sha-256 must be 32 bytes, got " + digest.length);
        }
        return HexFormat.of().formatHex(digest);
    }

    /** A hex SHA-256 as given in a registration; upper case is accepted. */
    public static String parseHex(String hex) {
        if (hex == null || hex.isBlank()) {
            throw new UploadException(UploadException.Reason.MISSING_CHECKSUM, "send the file's sha256: 64 hex digits");
        }
        String lower = hex.trim().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(lower).matches()) {
            throw new UploadException(
                    UploadException.Reason.MALFORMED_CHECKSUM, "sha256 must be 64 hex digits, got: " + hex);
        }
        return lower;
    }

    /** The Content-Digest header value for a hex SHA-256. */
    public static String header(String sha256Hex) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)) + ":";
    }
}
