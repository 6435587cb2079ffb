-- The dashboards' numbers, changed in the transaction of the entries they count. One row per
-- indicator, boundary (an entry counts for its boundary and every ancestor) and day (the entry's
-- local date; '' for all days). indicator_distinct keeps which values a distinct count has seen
-- (their sha256). indicator_state holds, per campaign, the hash of the indicator definitions and
-- boundary parents the totals were counted with: when it differs, the totals are counted again from
-- the stored entries. Every transaction that changes a campaign's totals locks its state row first.
CREATE TABLE indicator_state (
    campaign_id        TEXT PRIMARY KEY,
    definitions_sha256 TEXT NOT NULL
);

CREATE TABLE indicator_total (
    campaign_id  TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    boundary_id  TEXT NOT NULL,
    day          TEXT NOT NULL,
    total        BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, indicator_id, boundary_id, day)
);

CREATE TABLE indicator_distinct (
    campaign_id  TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    boundary_id  TEXT NOT NULL,
    day          TEXT NOT NULL,
    value_sha256 TEXT NOT NULL,
    PRIMARY KEY (campaign_id, indicator_id, boundary_id, day, value_sha256)
);
