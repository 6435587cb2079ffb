package org.offlinepacks.api.accounts;

import java.time.Instant;

/**
 * What a device gets at sign-in and at each refresh: its bearer token, and the refresh token that
 * gets the next one. Both are shown once; the service keeps only their hashes.
 */
public record DeviceSession(
        String deviceId,
        String userId,
        String token,
        Instant tokenExpiresAt,
        String refreshToken,
        Instant refreshExpiresAt) {}
