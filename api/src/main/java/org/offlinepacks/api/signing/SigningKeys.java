package org.offlinepacks.api.signing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each campaign's Ed25519 key pairs for signing pack manifests, in the database beside the pack
 * catalog (SQLite or the PostgreSQL every node shares), so that every node and every {@code build}
 * signs with the same current key. A campaign's first key is made when it is first needed; {@link
 * #rotate} makes a new current key and keeps the old ones listed, so that devices still verify the
 * packs they signed.
 */
public final class SigningKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final String COLUMNS =
            "key_id, campaign_id, public_key_pem, created_at, retired_at, current_for, private_key";

    private final Database database;
    private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();

    public SigningKeys(Database database) {
        this.database = database;
        database.migrate("signing", "db/signing");
        database.keepPrivate(); // the private keys are in it
    }

    /** The campaign's current key, made now if it has none. */
    public SigningKey current(String campaignId) {
        Optional<SigningKey> current = findCurrent(campaignId);
        if (current.isPresent()) {
            return current.get();
        }
        KeyPair pair = Ed25519.generate();
        int inserted = database.read(c -> insert(c, campaignId, pair, "ON CONFLICT (current_for) DO NOTHING"));
        if (inserted == 1) {
            LOG.info("made signing key {} for campaign {}", Ed25519.keyId(pair.getPublic()), campaignId);
        } // else another node made one at the same moment: theirs is current
        return findCurrent(campaignId).orElseThrow();
    }

    /** Makes a new key current for the campaign; the previous one stays listed, retired. */
    public SigningKey rotate(String campaignId) {
        KeyPair pair = Ed25519.generate();
        database.transaction(c -> {
            Sql.update(
                    c,
                    "UPDATE signing_key SET current_for = NULL, retired_at = ? WHERE current_for = ?",
                    Instant.now().toString(),
                    campaignId);
            return insert(c, campaignId, pair, "");
        });
        LOG.info("rotated the signing key of campaign {}: {} is current", campaignId, Ed25519.keyId(pair.getPublic()));
        return findCurrent(campaignId).orElseThrow();
    }

    /** Every key of the campaign, oldest first: the current one and the retired ones. */
    public List<SigningKey> keys(String campaignId) {
        return database.read(c -> Sql.query(
                c,
                "SELECT " + COLUMNS + " FROM signing_key WHERE campaign_id = ? ORDER BY created_at, key_id",
                SigningKeys::key,
                campaignId));
    }

    /** The campaigns that have keys. */
    public List<String> campaigns() {
        return database.read(c -> Sql.query(
                c, "SELECT DISTINCT campaign_id FROM signing_key ORDER BY campaign_id", row -> row.getString(1)));
    }

    public Optional<SigningKey> key(String keyId) {
        return database.read(c ->
                Sql.query(c, "SELECT " + COLUMNS + " FROM signing_key WHERE key_id = ?", SigningKeys::key, keyId)
                        .stream()
                        .findFirst());
    }

    /** The raw 64-byte Ed25519 signature of {@code message} by key {@code keyId} (retired or not). */
    public byte[] sign(String keyId, byte[] message) {
        PrivateKey key = privateKeys.computeIfAbsent(
                keyId,
                id -> database.read(c -> Sql.query(
                                c,
                                "SELECT private_key FROM signing_key WHERE key_id = ?",
                                row -> Ed25519.readPrivatePem(pemOf(row.getString(1))),
                                id)
                        .stream()
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no signing key " + id))));
        return Ed25519.sign(key, message);
    }

    private Optional<SigningKey> findCurrent(String campaignId) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT " + COLUMNS + " FROM signing_key WHERE current_for = ?",
                        SigningKeys::key,
                        campaignId)
                .stream()
                .findFirst());
    }

    private static int insert(Connection c, String campaignId, KeyPair pair, String onConflict) throws SQLException {
        return Sql.update(
                c,
                "INSERT INTO signing_key (key_id, campaign_id, public_key_pem, private_key, created_at, current_for)"
                        + " VALUES (?, ?, ?, ?, ?, ?) "
                        + onConflict,
                Ed25519.keyId(pair.getPublic()),
                campaignId,
                Ed25519.publicPem(pair.getPublic()),
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                Instant.now().toString(),
                campaignId);
    }

    private static String pemOf(String pkcs8Base64) {
        return "-----BEGIN PRIVATE KEY-----\n" + pkcs8Base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static SigningKey key(ResultSet row) throws SQLException {
        return new SigningKey(
                row.getString(1),
                row.getString(2),
                Ed25519.ALGORITHM,
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6) != null);
    }
}
