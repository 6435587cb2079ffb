package org.offlinepacks.api.sync;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.offlinepacks.api.NotFoundException;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackRepository;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.PublishedPack;
import org.offlinepacks.api.signing.ManifestSignatures;
import org.offlinepacks.api.signing.SigningKey;
import org.offlinepacks.api.signing.SigningKeys;
import org.offlinepacks.boundarydata.json.CanonicalJson;
import org.offlinepacks.boundarydata.users.User;

/**
 * Writes what a device should hold onto a folder (a phone's storage, a USB stick), with no server:
 *
 * <pre>
 * DIR/sync.json                    the user's sync index, exactly as GET /v1/sync serves it now
 * DIR/sync.etag                    its ETag: the device's first "anything new?" sends it
 * DIR/packs/BOUNDARY/manifest.json the current pack of each boundary, its manifest.json.sig and its parts
 * DIR/campaign/forms.json          the forms, i18n/LOCALE.json, sos.json and keys.json the index hashes
 * DIR/keys/signing.pub.pem         the campaign's current signing key, and every key as KEYID.pub.pem
 * </pre>
 *
 * Packs only, without an index, when given boundaries rather than a user. Only signed packs are
 * seeded: a pack built before packs were signed is refused until it is rebuilt.
 */
public final class Seeder {
    /** What was written. */
    public record Seeded(Path folder, List<String> boundaries, long bytes, String etag) {}

    public static final String INDEX = "sync.json";
    public static final String INDEX_TAG = "sync.etag";
    public static final String PACKS = "packs";
    public static final String CAMPAIGN = "campaign";
    public static final String KEYS = "keys";
    public static final String SIGNING_KEY = KEYS + "/signing.pub.pem";

    public static final String DASHBOARDS = CAMPAIGN + "/dashboards.json";

    private final SyncIndexer indexer;
    private final PackRepository repository;
    private final Function<User, byte[]> dashboards;

    /** A seeder for campaigns without dashboards. */
    public Seeder(SyncIndexer indexer, PackRepository repository) {
        this(indexer, repository, user -> null);
    }

    /**
     * @param dashboards the user's dashboards document, as {@code GET /v1/dashboards} serves it and
     *     the index's {@code dashboards} hashes it (null when the campaign has none)
     */
    public Seeder(SyncIndexer indexer, PackRepository repository, Function<User, byte[]> dashboards) {
        this.indexer = indexer;
        this.repository = repository;
        this.dashboards = dashboards;
    }

    /** The packs of the user's sync index and the index itself. */
    public Seeded seedUser(User user, Path out) throws IOException {
        SyncIndexer.Rendered index = indexer.index(user);
        List<String> boundaries =
                index.index().packs().stream().map(SyncIndex.Pack::boundaryId).toList();
        List<PublishedPack> packs = currentPacks(boundaries);
        List<Document> documents = new ArrayList<>();
        documents.add(new Document(CAMPAIGN + "/forms.json", CanonicalJson.bytes(indexer.forms(user))));
        for (SyncIndex.Resource localization : index.index().localizations()) {
            documents.add(new Document(
                    CAMPAIGN + "/i18n/" + localization.name() + ".json",
                    CanonicalJson.bytes(indexer.localization(user, localization.name()))));
        }
        documents.add(new Document(CAMPAIGN + "/sos.json", CanonicalJson.bytes(indexer.sos(user))));
        byte[] dashboardsJson = dashboards.apply(user);
        if (dashboardsJson != null) {
            documents.add(new Document(DASHBOARDS, dashboardsJson));
        }
        if (index.index().keys() != null) {
            documents.add(new Document(CAMPAIGN + "/keys.json", CanonicalJson.bytes(indexer.keys(user))));
        }
        documents.add(new Document(INDEX, index.json()));
        documents.add(new Document(INDEX_TAG, (index.etag() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long bytes = write(packs, documents, out);
        return new Seeded(out, boundaries, bytes, index.etag());
    }

    /** The current packs of these boundaries, without an index. */
    public Seeded seedBoundaries(List<String> boundaryIds, Path out) throws IOException {
        long bytes = write(currentPacks(boundaryIds), List.of(), out);
        return new Seeded(out, boundaryIds, bytes, null);
    }

    private record Document(String path, byte[] bytes) {}

    private List<PublishedPack> currentPacks(List<String> boundaryIds) {
        return boundaryIds.stream()
                .map(id -> repository
                        .current(id)
                        .orElseThrow(() -> new NotFoundException("boundary " + id + " has no published pack to seed")))
                .toList();
    }

    private record Copy(Path from, Path to) {}

    /** Every signing key of the repository's campaigns: what a seeded folder's signatures are checked against. */
    public List<java.security.PublicKey> trustedKeys() {
        SigningKeys keys = repository.signingKeys();
        return keys.campaigns().stream()
                .flatMap(campaign -> keys.keys(campaign).stream())
                .map(SigningKey::publicKey)
                .toList();
    }

    /** Checks the room, then writes every file; returns the bytes written. */
    private long write(List<PublishedPack> packs, List<Document> documents, Path out) throws IOException {
        List<Copy> copies = new ArrayList<>();
        List<Document> all = new ArrayList<>(documents);
        java.util.Set<String> campaigns = new java.util.TreeSet<>();
        long needed = 0;
        for (PublishedPack pack : packs) {
            Path manifestFile = repository.file(pack, PackManifest.FILE_NAME);
            PackManifest manifest = PartJson.read(manifestFile, PackManifest.class);
            Path signature;
            try {
                signature = repository.file(pack, ManifestSignatures.FILE_NAME);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalArgumentException("pack " + pack.boundaryId() + "@" + pack.packVersion()
                        + " is not signed (it was built before packs were signed); rebuild it (build, or POST"
                        + " /v1/boundaries/" + pack.boundaryId() + "/rebuild) before seeding it");
            }
            campaigns.add(manifest.campaignId());
            Path folder = out.resolve(PACKS).resolve(pack.boundaryId());
            copies.add(new Copy(manifestFile, folder.resolve(PackManifest.FILE_NAME)));
            copies.add(new Copy(signature, folder.resolve(ManifestSignatures.FILE_NAME)));
            needed += Files.size(manifestFile) + Files.size(signature);
            for (PackManifest.Part part : manifest.parts()) {
                copies.add(new Copy(repository.file(pack, part.path()), folder.resolve(part.path())));
                needed += part.size();
            }
        }
        for (String campaign : campaigns) {
            for (SigningKey key : repository.signingKeys().keys(campaign)) {
                byte[] pem = key.publicKeyPem().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                all.add(new Document(KEYS + "/" + key.keyId() + ".pub.pem", pem));
                if (key.current()) {
                    all.add(new Document(SIGNING_KEY, pem));
                }
            }
        }
        for (Document document : all) {
            needed += document.bytes().length;
        }
        Files.createDirectories(out);
        FileStore store = Files.getFileStore(out);
        if (store.getUsableSpace() < needed) {
            throw new IllegalArgumentException(out + " has " + megabytes(store.getUsableSpace())
                    + " free; seeding needs " + megabytes(needed) + ": use a larger card or fewer boundaries");
        }
        for (Copy copy : copies) {
            Files.createDirectories(copy.to().getParent());
            Files.copy(copy.from(), copy.to(), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Document document : all) {
            Path target = out.resolve(document.path());
            Files.createDirectories(target.getParent());
            Files.write(target, document.bytes());
        }
        return needed;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
