-- Each sealed file ingested, by the sealId its device gave it: the same file again is a replay.
-- The entries are stored as created by the device's user; who carried the file is here.
CREATE TABLE sealed_file (
    seal_id      TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    relayed_by   TEXT NOT NULL,
    upload_id    TEXT NOT NULL,
    entries_sha256 TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);
