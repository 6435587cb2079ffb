-- Analytics events sent by devices: each event once by its id (a file sent again, or an event sent
-- in two files, stores nothing twice), and one row per ingested file with its answer.
CREATE TABLE analytics_upload (
    upload_id    TEXT PRIMARY KEY,
    uploader_id  TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    receipt_json TEXT NOT NULL,
    UNIQUE (uploader_id, file_sha256)
);

CREATE TABLE analytics_event (
    event_id           TEXT PRIMARY KEY,
    campaign_id        TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    device_id          TEXT NOT NULL,
    boundary_id        TEXT NOT NULL,
    event_type         TEXT NOT NULL,
    at_ms              BIGINT NOT NULL,
    app_version        TEXT NOT NULL,
    bytes              BIGINT,
    duration_ms        BIGINT,
    free_storage_bytes BIGINT,
    message            TEXT,
    upload_id          TEXT NOT NULL
);

CREATE INDEX analytics_event_boundary ON analytics_event (campaign_id, boundary_id, event_type);
CREATE INDEX analytics_event_device ON analytics_event (campaign_id, device_id, at_ms);
