package org.offlinepacks.api.keys;

import java.util.List;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.sealing.UploadKey;
import org.offlinepacks.api.sealing.UploadKeys;
import org.offlinepacks.api.signing.SigningKey;
import org.offlinepacks.api.signing.SigningKeys;

/**
 * The public keys a campaign's devices hold: the manifest signing keys (the current one and those
 * rotated out, so packs signed before still verify) and the upload key that entry files are sealed
 * to. Devices get them at sign-in, in the sync index ({@code GET /v1/keys}) and on seeded folders.
 */
public final class CampaignKeys {
    /** {@code GET /v1/keys}: everything a device needs to trust packs and seal entries. */
    public record Document(String campaignId, List<SigningKey> signing, UploadKey upload) {}

    private final SigningKeys signing;
    private final UploadKeys upload;

    public CampaignKeys(SigningKeys signing, UploadKeys upload) {
        this.signing = signing;
        this.upload = upload;
    }

    public Document document(String campaignId) {
        signing.current(campaignId);
        return new Document(campaignId, signing.keys(campaignId), upload.current(campaignId));
    }

    public SigningKey currentSigningKey(String campaignId) {
        return signing.current(campaignId);
    }

    /** A signing key of the campaign, current or retired. */
    public SigningKey signingKey(String campaignId, String keyId) {
        return signing.key(keyId)
                .filter(key -> key.campaignId().equals(campaignId))
                .orElseThrow(() -> new NotFoundException("campaign " + campaignId + " has no signing key " + keyId));
    }

    public SigningKey rotateSigningKey(String campaignId) {
        return signing.rotate(campaignId);
    }

    public UploadKey uploadKey(String campaignId) {
        return upload.current(campaignId);
    }
}
