-- Attachments: the files the service holds (content-addressed: the object attachments/SHA256, stored
-- once however often it is sent; a row here once the object is whole), and the attachments each
-- stored entry lists, written in the entry's transaction. What an entry misses is what it lists
-- without a stored file.
CREATE TABLE attachment_file (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    stored_at  TEXT NOT NULL,
    stored_by  TEXT NOT NULL
);

CREATE TABLE entry_attachment (
    client_reference_id TEXT NOT NULL,
    name                TEXT NOT NULL,
    media_type          TEXT NOT NULL,
    size                BIGINT NOT NULL,
    sha256              TEXT NOT NULL,
    boundary_id         TEXT NOT NULL,
    PRIMARY KEY (client_reference_id, name)
);

CREATE INDEX entry_attachment_sha256 ON entry_attachment (sha256);
