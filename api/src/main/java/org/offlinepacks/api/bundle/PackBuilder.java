package org.offlinepacks.api.bundle;

import com.graphhopper.util.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.offlinepacks.api.lease.BoundaryLeases;
import org.offlinepacks.api.signing.ManifestSignatures;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one pack and publishes it: every {@link PartWriter} writes into a fresh staging folder,
 * the manifest and bundle are written and signed with the campaign's current key, the staging folder is verified, and only then is it
 * published as the boundary's new current version. Any failure on the way leaves the previous
 * version current and untouched.
 */
public final class PackBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(PackBuilder.class);

    private final PackRepository repository;
    private final BoundaryLeases leases;
    private final List<PartWriter> writers;
    private final PackVerifier verifier;
    private final Clock clock;

    /** @param leases the build lock of each boundary, shared by every node and the command line */
    public PackBuilder(
            PackRepository repository,
            BoundaryLeases leases,
            List<PartWriter> writers,
            PackVerifier verifier,
            Clock clock) {
        this.repository = repository;
        this.leases = leases;
        this.writers = List.copyOf(writers);
        this.verifier = verifier;
        this.clock = clock;
    }

    /** A builder with the parts of {@link PartCatalog}. */
    public static PackBuilder create(BuildOptions options, BoundaryLeases leases) {
        return create(options, new PackRepository(options.dataDir()), leases);
    }

    /** A builder with the parts of {@link PartCatalog} that publishes into {@code repository}. */
    public static PackBuilder create(BuildOptions options, PackRepository repository, BoundaryLeases leases) {
        return new PackBuilder(
                repository,
                leases,
                PartCatalog.writers(options),
                new PackVerifier(PartCatalog.verifiers()),
                Clock.systemUTC());
    }

    public PackRepository repository() {
        return repository;
    }

    public PublishedPack build(PackInput input, ProgressListener progress) throws IOException {
        return build(input, progress, PublishFence.NONE);
    }

    /**
     * Builds, verifies and publishes under the boundary's build lease (waiting while another build of
     * it runs), asking the lease and {@code fence} right before the new version is made current.
     */
    public PublishedPack build(PackInput input, ProgressListener progress, PublishFence fence) throws IOException {
        return build(input, progress, fence, false).pack();
    }

    /**
     * What a campaign build of one boundary gave: the published pack, or the current one kept when
     * the new version would hold exactly what it holds ({@code unchanged}), and its warnings.
     */
    public record Result(PublishedPack pack, boolean unchanged, List<String> warnings) {}

    /**
     * Like {@link #build(PackInput, ProgressListener)}, but when every part writer's inputs are those
     * of the current version and the manifest would hold the same, publishes nothing and returns the
     * current version as unchanged: re-running a campaign's build republishes only what changed.
     */
    public Result buildIfChanged(PackInput input, ProgressListener progress) throws IOException {
        return build(input, progress, PublishFence.NONE, true);
    }

    private Result build(PackInput input, ProgressListener progress, PublishFence fence, boolean keepUnchanged)
            throws IOException {
        String boundaryId = input.boundary().id();
        long started = System.nanoTime();
        LOG.info(
                "building pack for boundary {} ({} points)",
                boundaryId,
                input.points().size());
        try (BoundaryLeases.Lease lease = leases.acquire(boundaryId)) {
            repository.removeAbandonedStaging(boundaryId);
            Path staging = repository.newStagingDir(boundaryId);
            long version = 0;
            try {
                Optional<PublishedPack> previous = repository.current(boundaryId);
                version = repository.nextVersion(boundaryId);
                Set<String> reused = new java.util.HashSet<>();
                String signingKeyId = repository
                        .signingKeys()
                        .current(input.campaign().settings().id())
                        .keyId();
                PackManifest inBundle = writeParts(input, staging, version, previous, progress, reused, signingKeyId);
                List<String> warnings = inBundle.warnings() == null ? List.of() : inBundle.warnings();
                if (keepUnchanged && previous.isPresent() && holdsTheSame(previous.get(), inBundle)) {
                    repository.release(boundaryId, version);
                    LOG.info(
                            "pack {} version {} is unchanged: nothing published",
                            boundaryId,
                            previous.get().packVersion());
                    return new Result(previous.get(), true, warnings);
                }
                PackManifest manifest = inBundle.withBundle(writeBundle(staging, inBundle));
                writeSigned(staging, manifest);
                GzipForm.write(staging.resolve(PackManifest.FILE_NAME));
                progress.begin("verify", manifest.parts().size());
                List<String> problems = verifier.verifyFolder(staging, reused);
                progress.end("verify", manifest.parts().size());
                if (!problems.isEmpty()) {
                    throw new PackBuildException(
                            "pack for boundary " + boundaryId + " failed verification: " + String.join("; ", problems));
                }
                PublishedPack published = repository.publish(boundaryId, staging, version, () -> {
                    lease.check();
                    fence.check();
                });
                LOG.info(
                        "published pack {} version {} ({} parts) in {} ms",
                        boundaryId,
                        version,
                        manifest.parts().size(),
                        (System.nanoTime() - started) / 1_000_000);
                return new Result(published, false, warnings);
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
            PackInput input,
            Path staging,
            long version,
            Optional<PublishedPack> previous,
            ProgressListener progress,
            Set<String> reused,
            String signingKeyId)
            throws IOException {
        List<PackManifest.Part> parts = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        Optional<BuildRecord> before = previous.flatMap(this::buildRecordOf);
        Map<String, BuildRecord.Writer> record = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (PartWriter writer : writers) {
            long started = System.nanoTime();
            Optional<String> key = writer.inputsKey(input);
            Optional<BuildRecord.Writer> reusable = key.flatMap(
                    k -> before.map(b -> b.writers().get(writer.name())).filter(w -> k.equals(w.inputsKey())));
            BuildRecord.Writer written;
            if (reusable.isPresent() && copyParts(previous.get(), reusable.get(), staging)) {
                progress.begin("reuse:" + writer.name(), reusable.get().parts().size());
                progress.end("reuse:" + writer.name(), reusable.get().parts().size());
                written = reusable.get();
                written.parts().forEach(part -> reused.add(part.path()));
                written.warnings().forEach(warning -> progress.warn(stepOf(warning), messageOf(warning)));
            } else {
                written = write(writer, input, staging, progress, key.orElse(null));
            }
            warnings.addAll(written.warnings());
            record.put(writer.name(), written);
            parts.addAll(written.parts());
            sources.addAll(written.sources());
            LOG.debug("part writer {} took {} ms", writer.name(), (System.nanoTime() - started) / 1_000_000);
        }
        new BuildRecord(record).writeTo(staging);
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
                signingKeyId,
                input.campaign().settings().attribution(),
                List.copyOf(sources),
                parts,
                null,
                warnings);
    }

    /** Whether the current version holds what the staged one would: all writers reused, the same manifest. */
    private boolean holdsTheSame(PublishedPack current, PackManifest staged) {
        try {
            return PartJson.read(repository.file(current, PackManifest.FILE_NAME), PackManifest.class)
                    .sameContentAs(staged);
        } catch (IOException e) {
            return false; // an unreadable manifest: publish a new version
        }
    }

    private static String stepOf(String warning) {
        int colon = warning.indexOf(": ");
        return colon < 0 ? "pack" : warning.substring(0, colon);
    }

    private static String messageOf(String warning) {
        int colon = warning.indexOf(": ");
        return colon < 0 ? warning : warning.substring(colon + 2);
    }

    private static BuildRecord.Writer write(
            PartWriter writer, PackInput input, Path staging, ProgressListener progress, String key)
            throws IOException {
        List<PackManifest.Part> parts = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ProgressListener collecting = new ProgressListener() {
            @Override
            public void begin(String step, long total) {
                progress.begin(step, total);
            }

            @Override
            public void update(String step, long done) {
                progress.update(step, done);
            }

            @Override
            public void end(String step, long done) {
                progress.end(step, done);
            }

            @Override
            public void warn(String step, String message) {
                warnings.add(step + ": " + message);
                progress.warn(step, message);
            }
        };
        for (PackPart part : writer.write(input, staging, collecting)) {
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
        return new BuildRecord.Writer(key, parts, sources, warnings);
    }

    private Optional<BuildRecord> buildRecordOf(PublishedPack pack) {
        try {
            return BuildRecord.read(repository.file(pack, BuildRecord.FILE_NAME));
        } catch (IOException e) {
            return Optional.empty(); // built before reuse existed, or pruned meanwhile: build everything
        }
    }

    /**
     * The previous version's files of a writer whose inputs did not change, linked (or copied) into
     * the staging folder with their gzip forms; false when one is gone (then the writer runs).
     */
    private boolean copyParts(PublishedPack previous, BuildRecord.Writer writer, Path staging) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        try {
            for (PackManifest.Part part : writer.parts()) {
                files.put(part.path(), repository.file(previous, part.path()));
                if (part.gzip() != null) {
                    files.put(part.gzipPath(), repository.file(previous, part.gzipPath()));
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path target = staging.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, file.getValue()); // immutable once published
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file.getValue(), target);
            }
        }
        return true;
    }

    /**
     * manifest.json and beside it manifest.json.sig, the raw Ed25519 signature of its exact bytes by
     * the key the manifest names (what {@code openssl pkeyutl -verify -rawin} checks).
     */
    private void writeSigned(Path staging, PackManifest manifest) throws IOException {
        byte[] bytes = PartJson.bytes(manifest);
        Files.write(staging.resolve(PackManifest.FILE_NAME), bytes);
        Files.write(
                staging.resolve(ManifestSignatures.FILE_NAME),
                repository.signingKeys().sign(manifest.signingKeyId(), bytes));
    }

    /**
     * bundle.zip with every part and the manifest without its {@code bundle} field (a file cannot
     * name its own hash) with that manifest's own signature, and bundle.zip.sha256 for {@code
     * sha256sum -c}.
     */
    private PackManifest.Part writeBundle(Path staging, PackManifest inBundle) throws IOException {
        writeSigned(staging, inBundle);
        Path bundle = staging.resolve(PublishedPack.BUNDLE);
        BundleWriter.write(staging, inBundle, bundle);
        String sha256 = Sha256.ofFile(bundle);
        Files.writeString(
                staging.resolve(PublishedPack.BUNDLE + ".sha256"), sha256 + "  " + PublishedPack.BUNDLE + "\n");
        return new PackManifest.Part("bundle", PublishedPack.BUNDLE, "application/zip", Files.size(bundle), sha256);
    }
}
