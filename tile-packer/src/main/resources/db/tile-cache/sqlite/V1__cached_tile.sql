-- The shared tile cache: a tile as the upstream server last gave it, by source and tile (XYZ).
-- IF NOT EXISTS: caches written before migrations have the table already.
CREATE TABLE IF NOT EXISTS cached_tile (
    source        TEXT NOT NULL,
    z             INTEGER NOT NULL,
    x             INTEGER NOT NULL,
    y             INTEGER NOT NULL,
    data          BLOB,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    INTEGER NOT NULL,
    checked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, z, x, y)
);
