-- Device accounts: users' passwords (Argon2id, PHC strings), the devices they signed in on with
-- each device's token and refresh token (SHA-256 of random tokens, as app_user's) and Ed25519
-- public key, and the recent failed sign-ins that rate-limit guessing. Times are epoch milliseconds.
CREATE TABLE user_password (
    user_id        TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,
    changed_at     BIGINT NOT NULL
);

CREATE TABLE device (
    device_id           TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL,
    name                TEXT NOT NULL,
    public_key_pem      TEXT NOT NULL,
    key_id              TEXT NOT NULL,
    token_sha256        TEXT NOT NULL UNIQUE,
    token_expires_at    BIGINT NOT NULL,
    refresh_sha256      TEXT NOT NULL UNIQUE,
    refresh_expires_at  BIGINT NOT NULL,
    enrolled_at         BIGINT NOT NULL,
    refreshed_at        BIGINT,
    revoked_at          BIGINT,
    revoked_by          TEXT
);

CREATE INDEX device_user ON device (user_id);

-- one row per failed sign-in, under 'account:USER' and 'address:IP'; rows older than the window
-- are removed as new ones come
CREATE TABLE sign_in_failure (
    subject    TEXT NOT NULL,
    failed_at  BIGINT NOT NULL
);

CREATE INDEX sign_in_failure_subject ON sign_in_failure (subject, failed_at);
