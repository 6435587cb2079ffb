package org.offlinepacks.api.accounts;

/**
 * A token, refresh token or password that is not accepted: 401 with a reason a device can act on.
 */
public final class AuthenticationException extends RuntimeException {
    /** Why, as the {@code error} of the answer. */
    public enum Reason {
        /** No token, or one that belongs to nobody: sign in. */
        UNAUTHORIZED("unauthorized"),
        /** The device token expired: refresh it ({@code POST /v1/auth/refresh}), else sign in again. */
        TOKEN_EXPIRED("token-expired"),
        /** An admin revoked the device: its user signs in again, if allowed. */
        DEVICE_REVOKED("device-revoked"),
        /** The refresh token expired or was already used: sign in again. */
        REFRESH_REFUSED("refresh-refused"),
        /** Unknown user or wrong password (the two are not told apart). */
        WRONG_PASSWORD("wrong-password");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public AuthenticationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
