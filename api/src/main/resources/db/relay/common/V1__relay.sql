-- A field relay's own store (its data folder on a laptop): what it mirrored from the central
-- service (each path's bytes are the object mirror/SHA256), the token hashes of the users and
-- devices it lets in, and the sealed files devices left with it (the object outbox/SHA256) with
-- the central service's answer once forwarded.
CREATE TABLE relay_path (
    path          TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    signature     TEXT
);

CREATE TABLE relay_token (
    token_sha256       TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL,
    campaign_id        TEXT NOT NULL,
    role               TEXT NOT NULL,
    boundary_ids_json  TEXT NOT NULL,
    expires_at         BIGINT
);

-- kind: 'sealed' (forwarded to POST /v1/uploads/sealed) or 'plain' (an entry file whose entries
-- the relay checked were created by the device's user, forwarded to POST /v1/uploads as a relay)
CREATE TABLE relay_upload (
    file_sha256     TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    received_at     BIGINT NOT NULL,
    forwarded_at    BIGINT,
    central_status  INTEGER,
    central_answer  TEXT
);
