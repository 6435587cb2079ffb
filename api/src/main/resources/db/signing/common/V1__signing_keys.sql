-- The key pairs that sign pack manifests, one campaign's at a time current: kept in the database
-- beside the pack catalog, so that every node and build signs with the same key. A rotated key
-- stays listed (retired_at set) so that devices still verify the packs it signed.
CREATE TABLE signing_key (
    key_id            TEXT PRIMARY KEY,
    campaign_id       TEXT NOT NULL,
    public_key_pem    TEXT NOT NULL,
    -- PKCS#8, base64
    private_key       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    retired_at        TEXT,
    -- the campaign id while this is its current key, else null: one current key per campaign
    current_for       TEXT UNIQUE
);

CREATE INDEX signing_key_campaign ON signing_key (campaign_id);
