package org.offlinepacks.api.upload;

/** A whole file refused: nothing of it was stored. The reason says which rule it broke. */
public final class UploadException extends RuntimeException {
    /** Why a file is refused; the HTTP edge maps each to a status. */
    public enum Reason {
        CHECKSUM_MISMATCH("checksum-mismatch"),
        MISSING_CHECKSUM("missing-checksum"),
        MALFORMED_CHECKSUM("malformed-checksum"),
        /** A chunk's {@code Upload-Checksum} does not match its bytes: none of them was kept. */
        CHUNK_CHECKSUM_MISMATCH("chunk-checksum-mismatch"),
        /** More bytes than the file's announced length. */
        PAST_ANNOUNCED_LENGTH("past-announced-length"),
        FILE_TOO_LARGE("file-too-large"),
        DECOMPRESSED_TOO_LARGE("decompressed-too-large"),
        TOO_MANY_ENTRIES("too-many-entries"),
        CORRUPT_GZIP("corrupt-gzip"),
        UNKNOWN_FILE("unknown-file"),
        INCOMPLETE_FILE("incomplete-file"),
        OFFSET_MISMATCH("offset-mismatch"),
        BAD_REQUEST("bad-request");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public UploadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UploadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
