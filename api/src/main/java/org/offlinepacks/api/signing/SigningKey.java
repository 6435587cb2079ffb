package org.offlinepacks.api.signing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.security.PublicKey;

/**
 * The public half of a campaign's manifest signing key, as devices and operators see it.
 *
 * @param keyId the first 8 bytes of the SHA-256 of the public key's SubjectPublicKeyInfo, in hex;
 *     every manifest names the key that signed it
 * @param publicKeyPem SubjectPublicKeyInfo PEM, as {@code openssl pkeyutl -pubin -inkey} reads it
 * @param retiredAt when a newer key replaced it, or null while it is current; a retired key stays
 *     listed so that devices verify the packs it signed
 */
public record SigningKey(
        String keyId,
        String campaignId,
        String algorithm,
        String publicKeyPem,
        String createdAt,
        String retiredAt,
        boolean current) {
    @JsonIgnore
    public PublicKey publicKey() {
        return Ed25519.readPublicPem(publicKeyPem);
    }
}
