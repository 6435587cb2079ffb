package org.offlinepacks.api.download;

import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.GzipForm;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.api.signing.ManifestSignatures;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;

/**
 * What devices download: the current manifest of a boundary, and any file of a kept pack (part,
 * gzip form of a part, bundle) by its sha256, each only for users who may read the boundary. The
 * bundle of the current version is named by the manifest; every byte range a device resumes comes
 * from one immutable file. Knows nothing of HTTP.
 */
public final class PackDownloads {
    private final PackRepository repository;
    private final CampaignCatalog campaigns;
    private final PartIndex parts;

    public PackDownloads(PackRepository repository, CampaignCatalog campaigns) {
        this.repository = repository;
        this.campaigns = campaigns;
        this.parts = new PartIndex(repository);
    }

    /**
     * The current pack of a boundary: its version, its manifest and the manifest's signature
     * (manifest.json.sig, read only when asked for; missing for packs built before signing).
     */
    public record CurrentPack(long packVersion, FileResource manifest, FileResource.LocalFile signature) {}

    public FileResource manifest(User user, String boundaryId) {
        return currentPack(user, boundaryId).manifest();
    }

    public CurrentPack currentPack(User user, String boundaryId) {
        PublishedPack pack = current(user, boundaryId);
        return new CurrentPack(
                pack.packVersion(),
                new FileResource(
                        () -> repository.file(pack, PackManifest.FILE_NAME),
                        FileResource.quote(pack.manifestSha256()),
                        "application/json",
                        false,
                        pack.manifestGzipSha256() == null
                                ? null
                                : new FileResource.Gzip(
                                        () -> repository.file(pack, PackManifest.FILE_NAME + GzipForm.SUFFIX),
                                        FileResource.quote(pack.manifestGzipSha256()))),
                () -> repository.file(pack, ManifestSignatures.FILE_NAME));
    }

    /**
     * manifest.json.sig of the boundary's current manifest, or, given its sha256, of a kept one: the
     * raw Ed25519 signature of the manifest's exact bytes (immutable when named by the manifest).
     */
    public FileResource manifestSignature(User user, String boundaryId, String manifestSha256) {
        PublishedPack pack = current(user, boundaryId);
        if (manifestSha256 != null) {
            if (!Sha256.isHex(manifestSha256)) {
                throw new IllegalArgumentException("manifest= names a manifest by its sha256: 64 lowercase hex digits");
            }
            pack = repository.versions(boundaryId).stream()
                    .map(version -> repository.version(boundaryId, version))
                    .flatMap(java.util.Optional::stream)
                    .filter(kept -> kept.manifestSha256().equals(manifestSha256))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException(
                            "no kept pack of boundary " + boundaryId + " has the manifest " + manifestSha256));
        }
        PublishedPack signed = pack;
        byte[] signature;
        try {
            signature = java.nio.file.Files.readAllBytes(repository.file(signed, ManifestSignatures.FILE_NAME));
        } catch (java.io.IOException e) {
            throw new NotFoundException("pack " + boundaryId + "@" + signed.packVersion()
                    + " was built before packs were signed: it has no " + ManifestSignatures.FILE_NAME
                    + "; rebuild it");
        }
        return new FileResource(
                () -> repository.file(signed, ManifestSignatures.FILE_NAME),
                FileResource.quote(
                        java.util.HexFormat.of().formatHex(Sha256.newDigest().digest(signature))),
                "application/octet-stream",
                manifestSha256 != null,
                null);
    }

    /** The sha256 of the current bundle: its immutable address under {@link #file}. */
    public String currentBundle(User user, String boundaryId) {
        PublishedPack pack = current(user, boundaryId);
        if (pack.bundleSha256() == null) {
            throw new NotFoundException(
                    "pack " + boundaryId + "@" + pack.packVersion() + " was built without a bundle; rebuild it");
        }
        return pack.bundleSha256();
    }

    /**
     * A file of a kept pack by content address: a part, the gzip form of one, or a bundle. Files
     * outside the user's area are "not found", like unknown ones.
     */
    public FileResource file(User user, String sha256) {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("a part is named by its sha256: 64 lowercase hex digits");
        }
        AccessPolicy policy = campaigns.policy(user.campaignId());
        PartIndex.Location location = parts.find(sha256, boundaryId -> policy.mayRead(user, boundaryId))
                .orElseThrow(() -> new NotFoundException("no part " + sha256 + " in the packs of your area"));
        return new FileResource(
                location.file(), FileResource.quote(sha256), location.mediaType(), true, location.gzip());
    }

    private PublishedPack current(User user, String boundaryId) {
        if (!campaigns.policy(user.campaignId()).mayRead(user, boundaryId)) {
            throw new AccessDeniedException("boundary " + boundaryId + " is not in your area");
        }
        return repository
                .current(boundaryId)
                .orElseThrow(() -> new NotFoundException("no pack has been published for boundary " + boundaryId));
    }
}
