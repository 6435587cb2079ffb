package org.offlinepacks.api.sealing;

/** A sealed file that is refused, and nothing of it stored: 422 (409 for a replay), with its reason. */
public final class SealedFileException extends RuntimeException {
    /** Why, as the {@code error} of the answer. */
    public enum Reason {
        NOT_SEALED("not-sealed"),
        CANNOT_DECRYPT("cannot-decrypt"),
        MALFORMED("malformed"),
        UNKNOWN_DEVICE("unknown-device"),
        DEVICE_REVOKED("device-revoked"),
        BAD_SIGNATURE("bad-signature"),
        REPLAYED("replayed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public SealedFileException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
