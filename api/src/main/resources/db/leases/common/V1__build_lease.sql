-- The build lease of each boundary: at most one build of a boundary at a time, across every node
-- and the command line. A holder renews expires_at (milliseconds since 1970, the database's clock)
-- while it builds; once it has passed, another build may take the lease over.
CREATE TABLE build_lease (
    boundary_id TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    token       TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
