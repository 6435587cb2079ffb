-- Registration IDs handed to users in batches: the next number of each campaign (moved by a
-- conditional UPDATE, so two nodes never hand out the same numbers), each batch by the request that
-- asked for it (asking again with the same request id answers the same batch), and each number used
-- by an entry, in the entries' transaction.
CREATE TABLE registration_counter (
    campaign_id TEXT PRIMARY KEY,
    next_number BIGINT NOT NULL
);

CREATE TABLE registration_batch (
    campaign_id   TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    first_number  BIGINT NOT NULL,
    id_count      INTEGER NOT NULL,
    dispatched_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, user_id, request_id)
);

CREATE INDEX registration_batch_first ON registration_batch (campaign_id, first_number);

CREATE TABLE registration_use (
    campaign_id         TEXT NOT NULL,
    id_number           BIGINT NOT NULL,
    user_id             TEXT NOT NULL,
    client_reference_id TEXT NOT NULL,
    PRIMARY KEY (campaign_id, id_number)
);

CREATE INDEX registration_use_user ON registration_use (campaign_id, user_id);
