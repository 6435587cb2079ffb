package org.offlinepacks.api.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.offlinepacks.api.bundle.PackManifest;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartJson;
import org.offlinepacks.api.bundle.Sha256;

/**
 * Checks a folder {@link Seeder} wrote: every pack's parts, and that the index names exactly the
 * manifests and campaign documents that are there, with its tag over its own bytes.
 */
public final class SeededFolder {
    private SeededFolder() {}

    public static boolean isSeeded(Path folder) {
        return Files.isRegularFile(folder.resolve(Seeder.INDEX)) || Files.isDirectory(folder.resolve(Seeder.PACKS));
    }

    public static List<String> verify(Path folder, PackVerifier verifier) throws IOException {
        List<String> problems = new ArrayList<>();
        Path packs = folder.resolve(Seeder.PACKS);
        if (Files.isDirectory(packs)) {
            try (Stream<Path> boundaries = Files.list(packs)) {
                for (Path pack : boundaries.sorted().toList()) {
                    verifier.verifyParts(pack).forEach(p -> problems.add(pack.getFileName() + ": " + p));
                }
            }
        }
        Path indexFile = folder.resolve(Seeder.INDEX);
        if (!Files.isRegularFile(indexFile)) {
            return problems; // packs seeded by boundary, without an index
        }
        byte[] json = Files.readAllBytes(indexFile);
        JsonNode index = PartJson.MAPPER.readTree(json);
        String tag = Files.readString(folder.resolve(Seeder.INDEX_TAG)).trim();
        byte[] digest = Sha256.newDigest().digest(json);
        String expected = "\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)) + "\"";
        if (!expected.equals(tag)) {
            problems.add(Seeder.INDEX_TAG + " is " + tag + " but " + Seeder.INDEX + " has the tag " + expected);
        }
        for (JsonNode pack : index.get("packs")) {
            Path manifest = packs.resolve(pack.get("boundaryId").asText()).resolve(PackManifest.FILE_NAME);
            if (!Files.isRegularFile(manifest)) {
                problems.add("the index lists " + pack.get("boundaryId").asText() + " but its pack is not here");
            } else if (!sha256(manifest).equals(pack.at("/manifest/sha256").asText())) {
                problems.add("the manifest of " + pack.get("boundaryId").asText() + " is not the one the index names");
            }
        }
        check(
                folder.resolve(Seeder.CAMPAIGN + "/forms.json"),
                index.at("/forms/sha256").asText(),
                problems);
        for (JsonNode localization : index.get("localizations")) {
            check(
                    folder.resolve(Seeder.CAMPAIGN + "/i18n/"
                            + localization.get("name").asText() + ".json"),
                    localization.get("sha256").asText(),
                    problems);
        }
        check(
                folder.resolve(Seeder.CAMPAIGN + "/sos.json"),
                index.at("/sos/sha256").asText(),
                problems);
        if (index.hasNonNull("dashboards")) {
            check(
                    folder.resolve(Seeder.DASHBOARDS),
                    index.at("/dashboards/sha256").asText(),
                    problems);
        }
        if (index.path("keys").isObject()) {
            check(
                    folder.resolve(Seeder.CAMPAIGN + "/keys.json"),
                    index.at("/keys/sha256").asText(),
                    problems);
        }
        return problems;
    }

    private static void check(Path file, String sha256, List<String> problems) throws IOException {
        if (!Files.isRegularFile(file)) {
            problems.add(file.getFileName() + " is missing");
        } else if (!sha256(file).equals(sha256)) {
            problems.add(file.getFileName() + " is not the one the index names");
        }
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(Files.readAllBytes(file)));
    }
}
