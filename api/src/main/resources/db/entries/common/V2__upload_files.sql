-- Files being uploaded when they are kept in object storage (several nodes): what the service knows
-- of each, so that an upload started through one node resumes through any other. The bytes are
-- objects uploads/FILE/FIRST-BYTE-…, one per append that arrived; stored_bytes is the tus offset.
CREATE TABLE upload_file (
    file_id      TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL,
    length       BIGINT NOT NULL,
    metadata     TEXT NOT NULL,
    stored_bytes BIGINT NOT NULL,
    last_write   TEXT NOT NULL,
    -- a file the device sends straight to the bucket: its object, and its parts (0: one PUT) and
    -- multipart upload id when it is sent in parts
    direct_key       TEXT,
    direct_parts     INTEGER NOT NULL,
    direct_upload_id TEXT
);

CREATE INDEX upload_file_last_write ON upload_file (last_write);

CREATE TABLE upload_chunk (
    file_id    TEXT NOT NULL,
    first_byte BIGINT NOT NULL,
    length     BIGINT NOT NULL,
    object_key TEXT NOT NULL,
    PRIMARY KEY (file_id, first_byte)
);
