package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.offlinepacks.api.signing.ManifestSignatures;

/**
 * Checks a pack folder or a bundle.zip: the manifest reads, every part is there with its size and
 * sha256, and each part is valid by its own {@link PartVerifier}; a folder's bundle.zip must match
 * its bundle.zip.sha256 and hold exactly the folder's manifest and parts. Returns problems as
 * sentences; an empty list means the pack is good.
 */
public final class PackVerifier {
    static final String CHECKSUM_SUFFIX = ".sha256";

    private final List<PartVerifier> partVerifiers;
    private final List<PublicKey> trustedKeys;

    public PackVerifier(List<PartVerifier> partVerifiers) {
        this(partVerifiers, List.of());
    }

    /**
     * @param trustedKeys when not empty, a pack is good only if its manifest (and the bundle's copy of
     *     it) is signed by one of these keys: {@code manifest.json.sig}, the raw Ed25519 signature of
     *     the manifest's exact bytes
     */
    public PackVerifier(List<PartVerifier> partVerifiers, List<PublicKey> trustedKeys) {
        this.partVerifiers = List.copyOf(partVerifiers);
        this.trustedKeys = List.copyOf(trustedKeys);
    }

    /** A published or staged pack folder, or a bundle.zip. */
    public List<String> verify(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return verifyFolder(path);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".zip")) {
            return verifyBundle(path);
        }
        return List.of(path + " is neither a pack folder nor a bundle.zip");
    }

    /** A pack folder: its parts, then its bundle.zip against its checksum and against the parts. */
    public List<String> verifyFolder(Path packDir) throws IOException {
        return verifyFolder(packDir, Set.of());
    }

    /**
     * A pack folder being published, whose parts in {@code checkedBefore} are byte for byte (same
     * sha256) parts that were verified when an earlier version was published: their sizes and hashes
     * are checked, their own (costly) checks are not run again.
     */
    public List<String> verifyFolder(Path packDir, Set<String> checkedBefore) throws IOException {
        List<String> problems = new ArrayList<>();
        PackManifest manifest = readManifest(packDir.resolve(PackManifest.FILE_NAME), problems);
        if (manifest == null) {
            return problems;
        }
        signatureProblem("", packDir, manifest).ifPresent(problems::add);
        problems.addAll(verifyContents(packDir, manifest, checkedBefore));
        for (PackManifest.Part part : manifest.parts()) {
            problems.addAll(gzipFormProblems(packDir, part)); // a folder's only: a bundle has none
        }
        problems.addAll(verifyFolderBundle(packDir, manifest));
        return problems;
    }

    /**
     * A pack folder as seeded onto a device: the manifest and every part (size, sha256, own
     * validity), without the bundle and gzip forms that only the service keeps.
     */
    public List<String> verifyParts(Path packDir) throws IOException {
        List<String> problems = new ArrayList<>();
        PackManifest manifest = readManifest(packDir.resolve(PackManifest.FILE_NAME), problems);
        if (manifest != null) {
            signatureProblem("", packDir, manifest).ifPresent(problems::add);
            problems.addAll(verifyContents(packDir, manifest, Set.of()));
        }
        return problems;
    }

    /** When keys are trusted: the signature beside the folder's manifest.json, by one of them. */
    private Optional<String> signatureProblem(String where, Path packDir, PackManifest manifest) throws IOException {
        if (trustedKeys.isEmpty()) {
            return Optional.empty();
        }
        Path signature = packDir.resolve(ManifestSignatures.FILE_NAME);
        return ManifestSignatures.problem(
                where,
                Files.readAllBytes(packDir.resolve(PackManifest.FILE_NAME)),
                Files.isRegularFile(signature) ? Files.readAllBytes(signature) : null,
                manifest.signingKeyId(),
                trustedKeys);
    }

    /** The manifest's format, then every part's size, sha256 and own validity. */
    private List<String> verifyContents(Path packDir, PackManifest manifest, Set<String> checkedBefore)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (manifest.formatVersion() != PackManifest.FORMAT_VERSION) {
            problems.add("manifest formatVersion " + manifest.formatVersion() + " is not supported (expected "
                    + PackManifest.FORMAT_VERSION + ")");
            return problems;
        }
        boolean intact = true;
        for (PackManifest.Part part : manifest.parts()) {
            Path file = packDir.resolve(part.path()).normalize();
            if (!file.startsWith(packDir.normalize()) || !Files.isRegularFile(file)) {
                problems.add("part " + part.path() + " is missing");
                intact = false;
                continue;
            }
            long size = Files.size(file);
            if (size != part.size()) {
                problems.add("part " + part.path() + " has " + size + " bytes, the manifest says " + part.size());
                intact = false;
            } else if (!Sha256.ofFile(file).equals(part.sha256())) {
                problems.add("part " + part.path() + " does not match its sha256 " + part.sha256());
                intact = false;
            }
        }
        if (!intact) {
            return problems; // a part's own check means nothing once its bytes are wrong
        }
        for (PackManifest.Part part : manifest.parts()) {
            if (checkedBefore.contains(part.path())) {
                continue;
            }
            for (PartVerifier verifier : partVerifiers) {
                if (verifier.appliesTo(part.path())) {
                    verifier.verify(packDir, part.path()).forEach(p -> problems.add("part " + part.path() + ": " + p));
                }
            }
        }
        return problems;
    }

    /**
     * The folder's bundle.zip: present, equal to the checksum expected of it, and holding the
     * folder's pack: a manifest of the same parts, and the parts byte for byte (inflated no further
     * than declared).
     */
    private List<String> verifyFolderBundle(Path packDir, PackManifest manifest) throws IOException {
        Path bundle = packDir.resolve(PublishedPack.BUNDLE);
        if (!Files.isRegularFile(bundle)) {
            return List.of("no " + PublishedPack.BUNDLE + " in " + packDir);
        }
        List<String> problems = new ArrayList<>();
        Optional<String> checksumProblem = checksumProblem(bundle, expectedBundleSha256(bundle, manifest, problems));
        if (checksumProblem.isPresent()) {
            problems.add(checksumProblem.get());
            return problems;
        }
        Map<String, String> expectedSha256 = new HashMap<>();
        manifest.parts().forEach(part -> expectedSha256.put(part.path(), part.sha256()));
        Map<String, byte[]> signed = new HashMap<>();
        try (BundleReader reader = BundleReader.open(bundle)) {
            problems.addAll(reader.read(
                    BundleReader.declaredSizes(manifest, BundleReader.MAX_MANIFEST_BYTES), (path, content) -> {
                        if (path.equals(PackManifest.FILE_NAME)) {
                            byte[] bytes = content.readAllBytes();
                            signed.put(path, bytes);
                            sameManifestProblem(manifest, bytes).ifPresent(problems::add);
                        } else if (path.equals(ManifestSignatures.FILE_NAME)) {
                            signed.put(path, content.readAllBytes());
                        } else if (!sha256(content).equals(expectedSha256.get(path))) {
                            problems.add("bundle entry " + path + " differs from the pack's " + path);
                        }
                    }));
            if (!trustedKeys.isEmpty() && signed.containsKey(PackManifest.FILE_NAME)) {
                ManifestSignatures.problem(
                                "bundle: ",
                                signed.get(PackManifest.FILE_NAME),
                                signed.get(ManifestSignatures.FILE_NAME),
                                manifest.signingKeyId(),
                                trustedKeys)
                        .ifPresent(problems::add);
            }
        } catch (IOException e) {
            problems.add(PublishedPack.BUNDLE + " cannot be read: " + e.getMessage());
        }
        return problems;
    }

    /**
     * The bundle's manifest must describe the folder's pack: the same pack id and the same parts
     * (paths, sizes, hashes). It need not be the same bytes: what the manifest says of the bundle
     * itself cannot be inside the bundle.
     */
    private static Optional<String> sameManifestProblem(PackManifest folder, byte[] inBundle) {
        try {
            PackManifest bundled = PartJson.MAPPER.readValue(inBundle, PackManifest.class);
            if (bundled.packId().equals(folder.packId()) && bundled.parts().equals(folder.parts())) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        return Optional.of("bundle entry " + PackManifest.FILE_NAME + " does not describe the pack's parts");
    }

    /**
     * The sha256 the bundle of a pack folder must have. Today that is bundle.zip.sha256 beside it;
     * when manifest.json says what its bundle is, that is read here first.
     */
    private static String expectedBundleSha256(Path bundle, PackManifest manifest, List<String> problems)
            throws IOException {
        String recorded = checksumFileSha256(bundle, problems);
        if (manifest.bundle() == null) {
            return recorded;
        }
        if (recorded != null && !recorded.equals(manifest.bundle().sha256())) {
            problems.add(checksumFile(bundle).getFileName() + " says " + recorded
                    + " but the manifest names the bundle " + manifest.bundle().sha256());
        }
        if (Files.size(bundle) != manifest.bundle().size()) {
            problems.add(PublishedPack.BUNDLE + " has " + Files.size(bundle) + " bytes, the manifest says "
                    + manifest.bundle().size());
        }
        return manifest.bundle().sha256();
    }

    /** A part's gzip form, sent to devices that accept gzip: its own size and hash, and the part inside. */
    private static List<String> gzipFormProblems(Path packDir, PackManifest.Part part) throws IOException {
        if (part.gzip() == null) {
            return List.of();
        }
        Path gzip = packDir.resolve(part.gzipPath()).normalize();
        if (!gzip.startsWith(packDir.normalize()) || !Files.isRegularFile(gzip)) {
            return List.of("the gzip form of " + part.path() + " is missing");
        }
        if (Files.size(gzip) != part.gzip().size()
                || !Sha256.ofFile(gzip).equals(part.gzip().sha256())) {
            return List.of("the gzip form of " + part.path() + " does not match its size and sha256");
        }
        java.security.MessageDigest digest = Sha256.newDigest();
        long inflated = 0;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gzip))) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) >= 0 && inflated <= part.size(); ) {
                digest.update(buffer, 0, read);
                inflated += read;
            }
        } catch (java.util.zip.ZipException e) {
            return List.of("the gzip form of " + part.path() + " is not valid gzip: " + e.getMessage());
        }
        if (inflated != part.size()
                || !java.util.HexFormat.of().formatHex(digest.digest()).equals(part.sha256())) {
            return List.of("the gzip form of " + part.path() + " does not hold the part");
        }
        return List.of();
    }

    /** The sha256 of {@code BUNDLE.sha256} ({@code sha256sum -c} format), or null after saying why not. */
    private static String checksumFileSha256(Path bundle, List<String> problems) throws IOException {
        Path checksumFile = checksumFile(bundle);
        if (!Files.isRegularFile(checksumFile)) {
            problems.add("no " + checksumFile.getFileName() + " beside " + bundle.getFileName());
            return null;
        }
        String[] line = Files.readString(checksumFile).trim().split("\\s+\\*?", 2);
        if (line.length != 2
                || !Sha256.isHex(line[0])
                || !line[1].equals(bundle.getFileName().toString())) {
            problems.add(checksumFile.getFileName() + " does not say \"<sha256>  " + bundle.getFileName() + "\"");
            return null;
        }
        return line[0];
    }

    private static Path checksumFile(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName() + CHECKSUM_SUFFIX);
    }

    private static Optional<String> checksumProblem(Path bundle, String expected) throws IOException {
        if (expected == null) {
            return Optional.empty(); // already reported
        }
        String actual = Sha256.ofFile(bundle);
        return actual.equals(expected)
                ? Optional.empty()
                : Optional.of(bundle.getFileName() + " does not match its sha256 " + expected + " (it has " + actual
                        + "; the file is damaged or incomplete)");
    }

    /**
     * A bundle.zip on its own (a USB stick): its checksum file when there is one beside it, then its
     * entries unpacked into a temporary folder, each no larger than the manifest declares, and that
     * folder verified like a pack folder.
     */
    public List<String> verifyBundle(Path bundle) throws IOException {
        List<String> problems = new ArrayList<>();
        if (Files.isRegularFile(checksumFile(bundle))) {
            checksumProblem(bundle, checksumFileSha256(bundle, problems)).ifPresent(problems::add);
            if (!problems.isEmpty()) {
                return problems;
            }
        }
        BundleReader reader;
        try {
            reader = BundleReader.open(bundle);
        } catch (IOException e) {
            return List.of(e.getMessage());
        }
        Path dir = Files.createTempDirectory("verify-bundle-");
        try (reader) {
            byte[] manifestBytes = reader.manifestBytes(problems);
            if (manifestBytes == null) {
                return problems;
            }
            Path manifestFile = dir.resolve(PackManifest.FILE_NAME);
            Files.write(manifestFile, manifestBytes);
            PackManifest manifest = readManifest(manifestFile, problems);
            if (manifest == null) {
                return problems;
            }
            Map<String, Long> declared = BundleReader.declaredSizes(manifest, manifestBytes.length);
            long free = Files.getFileStore(dir).getUsableSpace();
            long total = BundleReader.total(declared);
            if (total <= BundleReader.MAX_TOTAL_BYTES && total > free) { // over the cap is the reader's to say
                problems.add("unpacking needs the " + total
                        + " bytes the manifest declares, but the temporary folder has " + free + " free");
                return problems;
            }
            problems.addAll(reader.read(declared, (path, content) -> {
                Path target = dir.resolve(path).normalize();
                if (target.startsWith(dir) && !path.equals(PackManifest.FILE_NAME)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(content, target);
                } // else: the manifest is there already, and a part outside the pack is reported as missing
            }));
            if (!problems.isEmpty()) {
                return problems;
            }
            signatureProblem("bundle: ", dir, manifest).ifPresent(problems::add);
            problems.addAll(verifyContents(dir, manifest, Set.of()));
            return problems;
        } catch (IOException e) {
            problems.add("cannot read bundle " + bundle + ": " + e.getMessage());
            return problems;
        } finally {
            PackRepository.deleteTree(dir);
        }
    }

    private static String sha256(InputStream content) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (DigestInputStream in = new DigestInputStream(content, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static PackManifest readManifest(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("no " + PackManifest.FILE_NAME + " in " + file.getParent());
            return null;
        }
        try {
            return PartJson.read(file, PackManifest.class);
        } catch (IOException e) {
            problems.add(PackManifest.FILE_NAME + " cannot be read: " + e.getMessage());
            return null;
        }
    }
}
