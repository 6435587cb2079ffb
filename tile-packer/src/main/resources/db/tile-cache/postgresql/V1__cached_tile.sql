-- The shared tile cache: a tile as the upstream server last gave it, by source and tile (XYZ).
-- Workers share it, so a boundary change fetches only tiles no worker has fetched yet.
CREATE TABLE cached_tile (
    source        TEXT NOT NULL,
    z             INTEGER NOT NULL,
    x             INTEGER NOT NULL,
    y             INTEGER NOT NULL,
    data          BYTEA,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    BIGINT NOT NULL,
    checked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, z, x, y)
);
