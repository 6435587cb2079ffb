package org.offlinepacks.api.accounts;

import java.time.Instant;

/**
 * A device a user signed in on, as admins list it (never its tokens).
 *
 * @param keyId the id of the device's own Ed25519 public key (as signing key ids are made)
 * @param tokenExpiresAt when its current token stops being accepted (a refresh gives a new one)
 * @param revokedAt when an admin revoked it, or null: a revoked device's tokens are refused
 */
public record Device(
        String deviceId,
        String userId,
        String name,
        String keyId,
        String publicKeyPem,
        Instant enrolledAt,
        Instant refreshedAt,
        Instant tokenExpiresAt,
        Instant refreshExpiresAt,
        Instant revokedAt,
        String revokedBy) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
