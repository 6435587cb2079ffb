-- Users of a campaign and the SHA-256 of their bearer token (tokens themselves are never stored).
-- demo_token marks tokens that were given in clear in users.json: public, for demos only.
CREATE TABLE app_user (
    id                TEXT PRIMARY KEY,
    campaign_id       TEXT NOT NULL REFERENCES campaign (id),
    role              TEXT NOT NULL,
    boundary_ids_json TEXT NOT NULL,
    token_sha256      TEXT NOT NULL UNIQUE,
    demo_token        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX app_user_campaign ON app_user (campaign_id);
