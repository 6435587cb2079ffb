-- Pack rebuild jobs, shared by every node: API nodes queue them, workers claim and build them.
-- Times are milliseconds since 1970 on the database's clock. A worker holds a RUNNING job by its
-- lease (lease_token), renewed with its progress every heartbeat; once lease_expires_at has passed,
-- another worker takes the job over (attempts counts the claims).
CREATE TABLE rebuild_job (
    id               TEXT PRIMARY KEY,
    boundary_id      TEXT NOT NULL,
    state            TEXT NOT NULL,
    requests         INTEGER NOT NULL,
    attempts         INTEGER NOT NULL,
    queued_at        BIGINT NOT NULL,
    started_at       BIGINT,
    finished_at      BIGINT,
    boundary_version TEXT,
    worker           TEXT,
    lease_token      TEXT,
    lease_expires_at BIGINT,
    pack_version     BIGINT,
    error            TEXT,
    progress_json    TEXT NOT NULL,
    warnings_json    TEXT NOT NULL
);

-- One job waiting per boundary: requests join it (coalescing), from any node.
CREATE UNIQUE INDEX rebuild_job_queued ON rebuild_job (boundary_id) WHERE state = 'QUEUED';
-- One build per boundary at a time: a request while it runs waits as the one queued job.
CREATE UNIQUE INDEX rebuild_job_running ON rebuild_job (boundary_id) WHERE state = 'RUNNING';
CREATE INDEX rebuild_job_state ON rebuild_job (state, queued_at);
