package org.offlinepacks.api.bundle;

import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one pack and publishes it: every {@link PartWriter} writes into a fresh staging folder,
 * the manifest and bundle are written, the staging folder is verified, and only then is it
 * published as the boundary's new current version. Any failure on the way leaves the previous
 * version current and untouched.
 */
public final class PackBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(PackBuilder.class);

    private final PackRepository repository;
    private final List<PartWriter> writers;
    private final PackVerifier verifier;
    private final Clock clock;

    public PackBuilder(PackRepository repository, List<PartWriter> writers, PackVerifier verifier, Clock clock) {
        this.repository = repository;
        this.writers = List.copyOf(writers);
        this.verifier = verifier;
        this.clock = clock;
    }

    /** A builder with the parts of {@link PartCatalog}. */
    public static PackBuilder create(BuildOptions options) {
        return create(options, new PackRepository(options.dataDir()));
    }

    /** A builder with the parts of {@link PartCatalog} that publishes into {@code repository}. */
    public static PackBuilder create(BuildOptions options, PackRepository repository) {
        return new PackBuilder(
                repository, PartCatalog.writers(options), new PackVerifier(PartCatalog.verifiers()), Clock.systemUTC());
    }

    public PackRepository repository() {
        return repository;
    }

    public PublishedPack build(PackInput input, ProgressListener progress) throws IOException {
        return build(input, progress, PublishFence.NONE);
    }

    /** Builds, verifies and publishes, asking {@code fence} right before the new version is made current. */
    public PublishedPack build(PackInput input, ProgressListener progress, PublishFence fence) throws IOException {
        String boundaryId = input.boundary().id();
        long started = System.nanoTime();
        LOG.info(
                "building pack for boundary {} ({} points)",
                boundaryId,
                input.points().size());
        try (PackRepository.BuildLock lock = repository.lock(boundaryId)) {
            Path staging = repository.newStagingDir(boundaryId);
            long version = 0;
            try {
                Optional<PublishedPack> previous = repository.current(boundaryId);
                version = repository.nextVersion(boundaryId);
                PackManifest inBundle = writeParts(input, staging, version, previous, progress);
                PackManifest manifest = inBundle.withBundle(writeBundle(staging, inBundle));
                PartJson.write(staging.resolve(PackManifest.FILE_NAME), manifest);
                GzipForm.write(staging.resolve(PackManifest.FILE_NAME));
                progress.begin("verify", manifest.parts().size());
                List<String> problems = verifier.verifyFolder(staging);
                progress.end("verify", manifest.parts().size());
                if (!problems.isEmpty()) {
                    throw new PackBuildException(
                            "pack for boundary " + boundaryId + " failed verification: " + String.join("; ", problems));
                }
                PublishedPack published = repository.publish(boundaryId, staging, version, fence);
                LOG.info(
                        "published pack {} version {} ({} parts) in {} ms",
                        boundaryId,
                        version,
                        manifest.parts().size(),
                        (System.nanoTime() - started) / 1_000_000);
                return published;
            } catch (IOException | RuntimeException e) {
                if (version > 0) {
                    repository.release(boundaryId, version); // the number and whatever was stored of it
                }
                throw e;
            } finally {
                PackRepository.deleteTree(staging); // gone already when published
            }
        }
    }

    private PackManifest writeParts(
            PackInput input, Path staging, long version, Optional<PublishedPack> previous, ProgressListener progress)
            throws IOException {
        List<PackManifest.Part> parts = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        for (PartWriter writer : writers) {
            long started = System.nanoTime();
            for (PackPart part : writer.write(input, staging, progress)) {
                Path file = staging.resolve(part.path());
                parts.add(new PackManifest.Part(
                        part.name(),
                        part.path(),
                        part.mediaType(),
                        Files.size(file),
                        Sha256.ofFile(file),
                        GzipForm.write(file).orElse(null)));
                if (part.source() != null) {
                    sources.add(part.source());
                }
            }
            LOG.debug("part writer {} took {} ms", writer.name(), (System.nanoTime() - started) / 1_000_000);
        }
        String boundaryId = input.boundary().id();
        return new PackManifest(
                PackManifest.FORMAT_VERSION,
                boundaryId + "@" + version,
                input.campaign().settings().id(),
                boundaryId,
                input.boundary().name(),
                input.boundary().version(),
                version,
                previous.map(PublishedPack::packVersion).orElse(null),
                clock.instant(),
                new PackManifest.Generator("offline-packs", Generator.version(), Constants.VERSION),
                input.campaign().settings().attribution(),
                List.copyOf(sources),
                parts,
                null);
    }

    /**
     * bundle.zip with every part and the manifest without its {@code bundle} field (a file cannot
     * name its own hash), and bundle.zip.sha256 for {@code sha256sum -c}.
     */
    private static PackManifest.Part writeBundle(Path staging, PackManifest inBundle) throws IOException {
        PartJson.write(staging.resolve(PackManifest.FILE_NAME), inBundle);
        Path bundle = staging.resolve(PublishedPack.BUNDLE);
        BundleWriter.write(staging, inBundle, bundle);
        String sha256 = Sha256.ofFile(bundle);
        Files.writeString(
                staging.resolve(PublishedPack.BUNDLE + ".sha256"), sha256 + "  " + PublishedPack.BUNDLE + "\n");
        return new PackManifest.Part("bundle", PublishedPack.BUNDLE, "application/zip", Files.size(bundle), sha256);
    }
}
