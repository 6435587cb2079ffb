-- Each campaign's upload key: the Tink keyset (HPKE: X25519, HKDF-SHA256, AES-256-GCM) that
-- devices encrypt sealed entry files to. Devices get the public keyset; the private one never
-- leaves the service. Kept in the database so that every node opens what any device sealed.
CREATE TABLE upload_key (
    campaign_id    TEXT PRIMARY KEY,
    key_id         TEXT NOT NULL,
    public_keyset  TEXT NOT NULL,
    private_keyset TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
