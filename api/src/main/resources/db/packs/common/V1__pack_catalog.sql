-- The pack catalog: which versions of a boundary's pack exist, their files, and the version devices
-- get now. The files themselves are objects (the data folder or object storage) under
-- packs/BOUNDARY/VERSION/; a version's row is what makes them visible.

-- A version is reserved when its build starts, so two builds never write the same number, and
-- published once every file is stored: readers only ever see published versions.
CREATE TABLE pack_version (
    boundary_id          TEXT NOT NULL,
    version              BIGINT NOT NULL,
    state                TEXT NOT NULL,
    reserved_at          TEXT NOT NULL,
    published_at         TEXT,
    manifest_sha256      TEXT,
    manifest_gzip_sha256 TEXT,
    bundle_sha256        TEXT,
    boundary_version     TEXT,
    PRIMARY KEY (boundary_id, version)
);

-- The version devices get now; switched in the same transaction that publishes it.
CREATE TABLE pack_current (
    boundary_id TEXT PRIMARY KEY,
    version     BIGINT NOT NULL
);

-- The files of published versions that devices fetch by sha256: parts, their gzip forms, bundles.
CREATE TABLE pack_file (
    boundary_id TEXT NOT NULL,
    version     BIGINT NOT NULL,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    gzip_path   TEXT,
    gzip_sha256 TEXT,
    PRIMARY KEY (boundary_id, version, path)
);

CREATE INDEX pack_file_sha256 ON pack_file (sha256);
