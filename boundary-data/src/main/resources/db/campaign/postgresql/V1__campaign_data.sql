-- Campaign data as read from a campaign folder (PostgreSQL copy of the first version: the same
-- tables, with 8-byte coordinates; PostgreSQL's REAL has 4). Boundary geometries are kept per
-- version (RFC 7946 GeoJSON text); a boundary points at its current one.
CREATE TABLE campaign (
    id            TEXT PRIMARY KEY,
    name          TEXT,
    folder        TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE boundary (
    id              TEXT PRIMARY KEY,
    campaign_id     TEXT NOT NULL REFERENCES campaign (id),
    name            TEXT,
    parent_id       TEXT,
    current_version TEXT NOT NULL
);

CREATE TABLE boundary_version (
    boundary_id      TEXT NOT NULL REFERENCES boundary (id),
    version          TEXT NOT NULL,
    geometry_geojson TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (boundary_id, version)
);

CREATE TABLE assigned_point (
    campaign_id TEXT NOT NULL REFERENCES campaign (id),
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT,
    boundary_id TEXT,
    lon         DOUBLE PRECISION NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (campaign_id, id)
);
CREATE INDEX assigned_point_boundary ON assigned_point (boundary_id);

CREATE TABLE form (
    campaign_id TEXT NOT NULL REFERENCES campaign (id),
    id          TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  TEXT NOT NULL,
    schema_json TEXT NOT NULL,
    PRIMARY KEY (campaign_id, id, version)
);

CREATE TABLE localization (
    campaign_id   TEXT NOT NULL REFERENCES campaign (id),
    locale        TEXT NOT NULL,
    messages_json TEXT NOT NULL,
    PRIMARY KEY (campaign_id, locale)
);

CREATE TABLE sos_contact (
    campaign_id       TEXT NOT NULL REFERENCES campaign (id),
    id                TEXT NOT NULL,
    name              TEXT,
    role              TEXT,
    phone             TEXT NOT NULL,
    boundary_ids_json TEXT NOT NULL,
    PRIMARY KEY (campaign_id, id)
);
