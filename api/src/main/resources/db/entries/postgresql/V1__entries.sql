-- Entries uploaded by devices (PostgreSQL copy of the first version: the same tables, with a key
-- of its own for the conflicts table instead of SQLite's AUTOINCREMENT).

-- One row per ingested file; the receipt is returned again for the same uploader and file.
CREATE TABLE upload (
    upload_id    TEXT PRIMARY KEY,
    uploader_id  TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    accepted     INTEGER NOT NULL,
    duplicate    INTEGER NOT NULL,
    conflict     INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    receipt_json TEXT NOT NULL,
    UNIQUE (uploader_id, file_sha256)
);

-- The first version of every entry, once, by its client-generated id.
CREATE TABLE entry (
    client_reference_id TEXT PRIMARY KEY,
    content_sha256      TEXT NOT NULL,
    form_id             TEXT NOT NULL,
    form_version        INTEGER NOT NULL,
    boundary_id         TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    uploaded_by         TEXT NOT NULL,
    upload_id           TEXT NOT NULL,
    entry_json          TEXT NOT NULL
);

CREATE INDEX entry_boundary ON entry (boundary_id);

-- Other versions of an id that is already stored: kept for a reviewer, never applied.
CREATE TABLE entry_conflict (
    client_reference_id TEXT NOT NULL,
    content_sha256      TEXT NOT NULL,
    uploaded_by         TEXT NOT NULL,
    upload_id           TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    entry_json          TEXT NOT NULL,
    PRIMARY KEY (client_reference_id, content_sha256)
);
