package org.offlinepacks.api.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.boundarydata.store.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each campaign's upload key, the Tink hybrid keyset devices seal entry files to, in the campaign
 * database (SQLite or the PostgreSQL every node shares). Made when first needed.
 */
public final class UploadKeys {
    private static final Logger LOG = LoggerFactory.getLogger(UploadKeys.class);
    /** HPKE (RFC 9180) with X25519, HKDF-SHA256 and AES-256-GCM, as Tink names it. */
    static final String TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

    static {
        try {
            HybridConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's hybrid encryption cannot be registered", e);
        }
    }

    private final Database database;
    private final Map<String, HybridDecrypt> decrypters = new ConcurrentHashMap<>();

    public UploadKeys(Database database) {
        this.database = database;
        database.migrate("sealing", "db/sealing");
        database.keepPrivate(); // the private keys are in it
    }

    /** The campaign's upload key, made now if it has none. */
    public UploadKey current(String campaignId) {
        Optional<UploadKey> key = find(campaignId);
        if (key.isPresent()) {
            return key.get();
        }
        try {
            KeysetHandle keyset = KeysetHandle.generateNew(KeyTemplates.get(TEMPLATE));
            String keyId = Integer.toHexString(keyset.getPrimary().getId());
            String publicKeyset =
                    TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(keyset.getPublicKeysetHandle());
            String privateKeyset = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
            int inserted = database.read(c -> Sql.update(
                    c,
                    "INSERT INTO upload_key (campaign_id, key_id, public_keyset, private_keyset, created_at)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING",
                    campaignId,
                    keyId,
                    publicKeyset,
                    privateKeyset,
                    Instant.now().toString()));
            if (inserted == 1) {
                LOG.info("made upload key {} for campaign {}", keyId, campaignId);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an upload key: " + e.getMessage(), e);
        }
        return find(campaignId).orElseThrow();
    }

    /** Opens what devices sealed to the campaign's key. */
    public HybridDecrypt decrypter(String campaignId) {
        return decrypters.computeIfAbsent(campaignId, id -> {
            String keyset = database.read(c -> Sql.query(
                            c,
                            "SELECT private_keyset FROM upload_key WHERE campaign_id = ?",
                            row -> row.getString(1),
                            id)
                    .stream()
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("campaign " + id + " has no upload key")));
            try {
                return TinkJsonProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get())
                        .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the upload key of campaign " + id + " cannot be read", e);
            }
        });
    }

    /** What a device seals with: the public keyset of {@link UploadKey#publicKeyset()}. */
    public static HybridEncrypt encrypter(String publicKeyset) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeyset)
                    .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not a Tink public keyset for hybrid encryption (GET /v1/keys/upload serves one): "
                            + e.getMessage(),
                    e);
        }
    }

    private Optional<UploadKey> find(String campaignId) {
        return database.read(c -> Sql.query(
                        c,
                        "SELECT campaign_id, key_id, public_keyset, created_at FROM upload_key WHERE campaign_id = ?",
                        UploadKeys::key,
                        campaignId)
                .stream()
                .findFirst());
    }

    private static UploadKey key(ResultSet row) throws SQLException {
        return new UploadKey(row.getString(1), row.getString(2), UploadKey.FORMAT, row.getString(3), row.getString(4));
    }
}
