package org.offlinepacks.api.sealing;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.HybridDecrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import org.offlinepacks.api.signing.Ed25519;

/**
 * The sealed relay file: a device's unsynced entries, signed by the device's own Ed25519 key and
 * encrypted to the campaign's upload key with Tink's hybrid encryption (HPKE: X25519,
 * HKDF-SHA256, AES-256-GCM), so that whoever carries it can neither read nor change it.
 *
 * <pre>
 * file      = "OPSEALED1\n" || Tink HybridEncrypt(upload key, inner, context info "offline-packs sealed entries v1")
 * inner     = signature (64 bytes, Ed25519 by the device key, of signed) || signed
 * signed    = header JSON (one line) || "\n" || the entries, NDJSON as uploaded
 * header    = {"format":"offline-packs-sealed-entries/1","sealId","deviceId","userId","campaignId","sealedAt"}
 * </pre>
 *
 * The sealId (random, made by the device) makes a file ingested once: the same file again is a
 * replay.
 */
public final class SealedEntries {
    public static final String FORMAT = "offline-packs-sealed-entries/1";
    static final byte[] MAGIC = "OPSEALED1\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTEXT = "offline-packs sealed entries v1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Who sealed the file, for whom, and when. */
    @JsonPropertyOrder({"format", "sealId", "deviceId", "userId", "campaignId", "sealedAt"})
    public record Header(
            String format, String sealId, String deviceId, String userId, String campaignId, String sealedAt) {}

    /** A decrypted file whose signature is still to be checked against the device's key. */
    public record Opened(Header header, byte[] entries, byte[] signed, byte[] signature) {
        public boolean signedBy(PublicKey deviceKey) {
            return Ed25519.verify(deviceKey, signed, signature);
        }
    }

    private SealedEntries() {}

    /** What a device does: signs its entries with its key and encrypts them to the upload key. */
    public static byte[] seal(Header header, byte[] entries, PrivateKey deviceKey, String uploadPublicKeyset) {
        byte[] headerLine;
        try {
            headerLine = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("a header is plain JSON", e);
        }
        byte[] signed = concat(headerLine, new byte[] {'\n'}, entries);
        byte[] inner = concat(Ed25519.sign(deviceKey, signed), signed);
        try {
            return concat(MAGIC, UploadKeys.encrypter(uploadPublicKeyset).encrypt(inner, CONTEXT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt to the upload key: " + e.getMessage(), e);
        }
    }

    /** Decrypts a sealed file with the campaign's upload key and reads its header. */
    public static Opened open(byte[] file, HybridDecrypt uploadKey) {
        if (file.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new SealedFileException(
                    SealedFileException.Reason.NOT_SEALED,
                    "the file is not a sealed entry file (it does not start with OPSEALED1): upload plain entry"
                            + " files to POST /v1/uploads");
        }
        byte[] inner;
        try {
            inner = uploadKey.decrypt(Arrays.copyOfRange(file, MAGIC.length, file.length), CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new SealedFileException(
                    SealedFileException.Reason.CANNOT_DECRYPT,
                    "the sealed file cannot be decrypted with this campaign's upload key: it was changed or cut"
                            + " short on the way, or sealed to another key");
        }
        if (inner.length < Ed25519.SIGNATURE_BYTES + 2) {
            throw malformed("it holds no signed content");
        }
        byte[] signature = Arrays.copyOf(inner, Ed25519.SIGNATURE_BYTES);
        byte[] signed = Arrays.copyOfRange(inner, Ed25519.SIGNATURE_BYTES, inner.length);
        int newline = indexOf(signed, (byte) '\n');
        if (newline < 0) {
            throw malformed("its header line has no end");
        }
        Header header;
        try {
            header = JSON.readValue(signed, 0, newline, Header.class);
        } catch (IOException e) {
            throw malformed("its header is not the JSON of " + FORMAT + ": " + e.getMessage());
        }
        if (!FORMAT.equals(header.format()) || header.sealId() == null || header.deviceId() == null) {
            throw malformed("its header names format " + header.format() + ", or lacks sealId or deviceId");
        }
        return new Opened(header, Arrays.copyOfRange(signed, newline + 1, signed.length), signed, signature);
    }

    private static SealedFileException malformed(String why) {
        return new SealedFileException(SealedFileException.Reason.MALFORMED, "the sealed file decrypts, but " + why);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
