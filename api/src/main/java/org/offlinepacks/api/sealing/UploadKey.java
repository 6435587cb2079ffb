package org.offlinepacks.api.sealing;

/**
 * The public half of a campaign's upload key, as devices get it: a Tink keyset in Tink's JSON
 * format, for {@code HybridEncrypt} (HPKE with X25519, HKDF-SHA256 and AES-256-GCM).
 *
 * @param keyId the keyset's primary key id, in hex (Tink puts it in front of every ciphertext)
 * @param publicKeyset the keyset without secrets, as {@code TinkJsonProtoKeysetFormat} reads it
 */
public record UploadKey(String campaignId, String keyId, String format, String publicKeyset, String createdAt) {
    public static final String FORMAT = "tink-hybrid:DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";
}
