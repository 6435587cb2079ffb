package org.offlinepacks.api.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * manifest.json: what a pack is and the parts it is made of. Devices compare part hashes with the
 * pack they hold and download only the parts that changed.
 *
 * @param packVersion monotonic per boundary
 * @param previousPackVersion the version this one replaces, or null for the first (written as
 *     {@code null}, not left out, so that a device can tell a first pack from an old format)
 * @param signingKeyId the campaign key whose Ed25519 signature of this manifest's exact bytes is
 *     manifest.json.sig (beside the manifest, and inside the bundle for the bundle's copy); null in
 *     packs built before packs were signed
 * @param bundle bundle.zip, every part in one file; null in the copy of the manifest inside the
 *     bundle itself, since a file cannot name its own hash
 * @param warnings what the pack lacks though it was published, as "step: message" (a boundary with
 *     no road gets no routing parts; a map without some zooms; no attribution); left out when none
 */
@JsonPropertyOrder({
    "formatVersion",
    "packId",
    "campaignId",
    "boundaryId",
    "boundaryName",
    "boundaryVersion",
    "packVersion",
    "previousPackVersion",
    "createdAt",
    "generator",
    "signingKeyId",
    "attribution",
    "sources",
    "warnings",
    "parts",
    "bundle"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackManifest(
        int formatVersion,
        String packId,
        String campaignId,
        String boundaryId,
        String boundaryName,
        String boundaryVersion,
        long packVersion,
        @JsonInclude(JsonInclude.Include.ALWAYS) Long previousPackVersion,
        Instant createdAt,
        Generator generator,
        String signingKeyId,
        String attribution,
        List<String> sources,
        List<Part> parts,
        Part bundle,
        List<String> warnings) {
    public static final int FORMAT_VERSION = 1;

    public PackManifest {
        warnings = warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings);
    }

    public PackManifest(
            int formatVersion,
            String packId,
            String campaignId,
            String boundaryId,
            String boundaryName,
            String boundaryVersion,
            long packVersion,
            Long previousPackVersion,
            Instant createdAt,
            Generator generator,
            String attribution,
            List<String> sources,
            List<Part> parts,
            Part bundle) {
        this(
                formatVersion,
                packId,
                campaignId,
                boundaryId,
                boundaryName,
                boundaryVersion,
                packVersion,
                previousPackVersion,
                createdAt,
                generator,
                null,
                attribution,
                sources,
                parts,
                bundle,
                null);
    }

    public static final String FILE_NAME = "manifest.json";

    /** The software that built the pack; a device checks graphhopperVersion before loading a graph. */
    @JsonPropertyOrder({"name", "version", "graphhopperVersion"})
    public record Generator(String name, String version, String graphhopperVersion) {}

    /**
     * One part: a file of the pack, addressed by its content.
     *
     * @param gzip the part's gzip form, sent instead to devices that accept gzip, or null when
     *     compressing does not pay (images, archives)
     */
    @JsonPropertyOrder({"name", "path", "mediaType", "size", "sha256", "gzip"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Part(String name, String path, String mediaType, long size, String sha256, Encoded gzip) {
        public Part(String name, String path, String mediaType, long size, String sha256) {
            this(name, path, mediaType, size, sha256, null);
        }

        /** The file of the gzip form, beside the part: {@code PATH.gz}. */
        public String gzipPath() {
            return path + GzipForm.SUFFIX;
        }
    }

    /** A transfer form of a part: its own bytes, size and hash (a download verifies those). */
    @JsonPropertyOrder({"size", "sha256"})
    public record Encoded(long size, String sha256) {}

    public PackManifest withBundle(Part newBundle) {
        return new PackManifest(
                formatVersion,
                packId,
                campaignId,
                boundaryId,
                boundaryName,
                boundaryVersion,
                packVersion,
                previousPackVersion,
                createdAt,
                generator,
                signingKeyId,
                attribution,
                sources,
                parts,
                newBundle,
                warnings);
    }

    /**
     * Whether a pack with this manifest holds what {@code other}'s holds: the same boundary version,
     * name, campaign, generator, attribution, sources, warnings and parts; the version, its date and
     * the bundle aside.
     */
    public boolean sameContentAs(PackManifest other) {
        return formatVersion == other.formatVersion
                && java.util.Objects.equals(campaignId, other.campaignId)
                && java.util.Objects.equals(boundaryId, other.boundaryId)
                && java.util.Objects.equals(boundaryName, other.boundaryName)
                && java.util.Objects.equals(boundaryVersion, other.boundaryVersion)
                && java.util.Objects.equals(generator, other.generator)
                && java.util.Objects.equals(attribution, other.attribution)
                && java.util.Objects.equals(sources, other.sources)
                && java.util.Objects.equals(warnings, other.warnings)
                && java.util.Objects.equals(signingKeyId, other.signingKeyId)
                && java.util.Objects.equals(parts, other.parts);
    }

    public Optional<Part> part(String path) {
        return parts.stream().filter(p -> p.path().equals(path)).findFirst();
    }
}
