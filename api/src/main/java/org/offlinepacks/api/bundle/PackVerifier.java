package org.offlinepacks.api.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a pack folder or a bundle.zip: the manifest reads, every part is there with its size and
 * sha256, and each part is valid by its own {@link PartVerifier}. Returns problems as sentences;
 * an empty list means the pack is good.
 */
public final class PackVerifier {
    private final List<PartVerifier> partVerifiers;

    public PackVerifier(List<PartVerifier> partVerifiers) {
        this.partVerifiers = List.copyOf(partVerifiers);
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

    public List<String> verifyFolder(Path packDir) throws IOException {
        List<String> problems = new ArrayList<>();
        PackManifest manifest = readManifest(packDir.resolve(PackManifest.FILE_NAME), problems);
        if (manifest == null) {
            return problems;
        }
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
            for (PartVerifier verifier : partVerifiers) {
                if (verifier.appliesTo(part.path())) {
                    verifier.verify(packDir, part.path()).forEach(p -> problems.add("part " + part.path() + ": " + p));
                }
            }
        }
        return problems;
    }

    /** Unpacks the bundle into a temporary folder and verifies that; entries must match the manifest. */
    public List<String> verifyBundle(Path bundle) throws IOException {
        Path dir = Files.createTempDirectory("verify-bundle-");
        try {
            List<String> problems = new ArrayList<>();
            Set<String> entries = new HashSet<>();
            try (ZipFile zip = new ZipFile(bundle.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir) || entry.isDirectory()) {
                        problems.add("bundle entry " + entry.getName() + " is not a file inside the pack");
                        continue;
                    }
                    entries.add(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            } catch (java.util.zip.ZipException e) {
                return List.of(bundle + " is not a readable zip file: " + e.getMessage());
            }
            problems.addAll(verifyFolder(dir));
            if (entries.remove(PackManifest.FILE_NAME)) {
                PackManifest manifest = PartJson.read(dir.resolve(PackManifest.FILE_NAME), PackManifest.class);
                manifest.parts().forEach(part -> entries.remove(part.path()));
                entries.forEach(extra -> problems.add("bundle entry " + extra + " is not listed in the manifest"));
            }
            return problems;
        } catch (IOException e) {
            return List.of("cannot read bundle " + bundle + ": " + e.getMessage());
        } finally {
            PackRepository.deleteTree(dir);
        }
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
