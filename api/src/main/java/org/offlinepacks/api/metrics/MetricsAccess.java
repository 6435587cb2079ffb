package org.offlinepacks.api.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.offlinepacks.boundarydata.users.TokenHash;

/**
 * Who may read {@code /metrics}: nobody (the default), whoever reaches a separate listener off the
 * public port, and/or whoever sends the operators' bearer token (stored as its SHA-256, like users'
 * tokens).
 *
 * @param tokenSha256 lowercase hex SHA-256 of the token Prometheus sends, or null for none
 * @param host the address of the separate listener (127.0.0.1 or an internal interface)
 * @param port the separate listener's port, 0 for a free one, or -1 to serve on the public port
 */
public record MetricsAccess(String tokenSha256, String host, int port) {
    public static final MetricsAccess OFF = new MetricsAccess(null, "127.0.0.1", -1);

    public MetricsAccess {
        if (tokenSha256 != null && !TokenHash.isHash(tokenSha256)) {
            throw new IllegalArgumentException("metricsTokenSha256 must be the lowercase hex SHA-256 of the token"
                    + " (sha256sum of the token without a newline), found '" + tokenSha256 + "'");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("metricsPort must be 0..65535 (0 picks a free port), found " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("metricsHost must be an address to listen on, found '" + host + "'");
        }
    }

    /** On the public port, for requests with this token. */
    public static MetricsAccess withToken(String token) {
        return new MetricsAccess(TokenHash.of(token), "127.0.0.1", -1);
    }

    /** On a listener of its own, off the public port. */
    public static MetricsAccess ownListener(String host, int port) {
        return new MetricsAccess(null, host, port);
    }

    public boolean ownListener() {
        return port >= 0;
    }

    /** Whether the public port serves {@code /metrics} at all. */
    public boolean onPublicPort() {
        return !ownListener() && tokenSha256 != null;
    }

    /** Whether an {@code Authorization} header value lets its sender read the metrics. */
    public boolean allows(String authorization) {
        if (tokenSha256 == null) {
            return ownListener();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String hash = TokenHash.of(authorization.substring(7).trim());
        return MessageDigest.isEqual(
                hash.getBytes(StandardCharsets.US_ASCII), tokenSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
