package org.offlinepacks.api.signing;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a manifest's signature: the raw Ed25519 signature in {@code manifest.json.sig} of the
 * exact bytes of {@code manifest.json}, by one of the keys the checker trusts. Returns what is
 * wrong as a sentence, like the pack verifier's problems.
 */
public final class ManifestSignatures {
    /** The signature's file, beside the manifest in a pack folder and inside the bundle. */
    public static final String FILE_NAME = "manifest.json.sig";

    private ManifestSignatures() {}

    /**
     * @param signature the bytes of manifest.json.sig, or null when there is none
     * @param namedKeyId the {@code signingKeyId} the manifest names, or null
     * @param trusted the keys a signature may be by (at least one)
     */
    public static Optional<String> problem(
            String where, byte[] manifest, byte[] signature, String namedKeyId, List<PublicKey> trusted) {
        if (signature == null) {
            return Optional.of(where + "manifest.json is not signed: there is no " + FILE_NAME + " beside it");
        }
        for (PublicKey key : trusted) {
            if (Ed25519.verify(key, manifest, signature)) {
                String keyId = Ed25519.keyId(key);
                if (namedKeyId != null && !namedKeyId.equals(keyId)) {
                    return Optional.of(
                            where + "manifest.json is signed by key " + keyId + " but names signing key " + namedKeyId);
                }
                return Optional.empty();
            }
        }
        String keyIds = trusted.stream().map(Ed25519::keyId).collect(Collectors.joining(", "));
        return Optional.of(where + FILE_NAME + " is not a signature of this manifest.json by the key(s) given ("
                + keyIds + "): the manifest was changed after it was signed, or another key signed it"
                + (namedKeyId == null ? "" : " (the manifest names signing key " + namedKeyId + ")"));
    }
}
