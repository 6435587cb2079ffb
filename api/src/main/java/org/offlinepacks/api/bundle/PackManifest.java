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
    "attribution",
    "sources",
    "parts"
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
        String attribution,
        List<String> sources,
        List<Part> parts) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    /** The software that built the pack; a device checks graphhopperVersion before loading a graph. */
    @JsonPropertyOrder({"name", "version", "graphhopperVersion"})
    public record Generator(String name, String version, String graphhopperVersion) {}

    /** One part: a file of the pack, addressed by its content. */
    @JsonPropertyOrder({"name", "path", "mediaType", "size", "sha256"})
    public record Part(String name, String path, String mediaType, long size, String sha256) {}

    public Optional<Part> part(String path) {
        return parts.stream().filter(p -> p.path().equals(path)).findFirst();
    }
}
