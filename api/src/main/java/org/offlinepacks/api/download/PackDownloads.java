package org.offlinepacks.api.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.bundle.Sha256;
import org.offlinepacks.api.campaigns.CampaignCatalog;
import org.offlinepacks.boundarydata.users.AccessDeniedException;
import org.offlinepacks.boundarydata.users.AccessPolicy;
import org.offlinepacks.boundarydata.users.User;

/**
 * What devices download: the current manifest of a boundary, its bundle, and any part of a kept
 * pack, each only for users who may read the boundary. Knows nothing of HTTP.
 */
public final class PackDownloads {
    private static final int MAX_REMEMBERED_ETAGS = 10_000;

    private final PackRepository repository;
    private final CampaignCatalog campaigns;
    private final PartIndex parts;
    /** Pack files never change once published, so their hashes are computed once. */
    private final Map<Path, String> etags = new ConcurrentHashMap<>();

    public PackDownloads(PackRepository repository, CampaignCatalog campaigns) {
        this.repository = repository;
        this.campaigns = campaigns;
        this.parts = new PartIndex(repository);
    }

    public FileResource manifest(User user, String boundaryId) {
        PublishedPack pack = current(user, boundaryId);
        String etag = etags.computeIfAbsent(pack.manifestFile(), file -> sha256(file));
        return new FileResource(pack.manifestFile(), FileResource.quote(etag), "application/json", false);
    }

    public FileResource bundle(User user, String boundaryId) {
        PublishedPack pack = current(user, boundaryId);
        String etag = etags.computeIfAbsent(pack.bundleChecksumFile(), PackDownloads::recordedChecksum);
        return new FileResource(pack.bundleFile(), FileResource.quote(etag), "application/zip", false);
    }

    /** A part by content address; parts outside the user's area are "not found", like unknown ones. */
    public FileResource part(User user, String sha256) {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("a part is named by its sha256: 64 lowercase hex digits");
        }
        AccessPolicy policy = campaigns.policy(user.campaignId());
        PartIndex.Location location = parts.find(sha256, boundaryId -> policy.mayRead(user, boundaryId))
                .orElseThrow(() -> new NotFoundException("no part " + sha256 + " in the packs of your area"));
        return new FileResource(location.file(), FileResource.quote(sha256), location.mediaType(), true);
    }

    private PublishedPack current(User user, String boundaryId) {
        if (!campaigns.policy(user.campaignId()).mayRead(user, boundaryId)) {
            throw new AccessDeniedException("boundary " + boundaryId + " is not in your area");
        }
        if (etags.size() > MAX_REMEMBERED_ETAGS) {
            etags.clear();
        }
        return repository
                .current(boundaryId)
                .orElseThrow(() -> new NotFoundException("no pack has been published for boundary " + boundaryId));
    }

    private static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String recordedChecksum(Path checksumFile) {
        try {
            return Files.readString(checksumFile).trim().split("\\s+")[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checksumFile, e);
        }
    }
}
