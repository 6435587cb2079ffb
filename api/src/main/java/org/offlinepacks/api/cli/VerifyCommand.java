package org.offlinepacks.api.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.sync.SeededFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies pack folders or bundle.zip files: every part's size and sha256, and each part's own"
                    + " validity (MBTiles opens and its tiles decode, the graph loads and routes, JSON parses).",
            "With --key, also that every manifest (and the bundle's copy of it) is signed by that key:"
                    + " manifest.json.sig, the raw Ed25519 signature of the manifest's exact bytes.",
            "Exits 1 and prints every problem when a pack is not good."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description = "A pack folder, a bundle.zip, or a device folder written by seed.")
    List<Path> paths;

    @Option(
            names = "--key",
            paramLabel = "PUBLIC_KEY",
            description = "The campaign's signing public key (PEM, as GET /v1/keys/signing serves it and the keys"
                    + " command writes it); repeat it to accept a pack signed by any of several keys (a rotation).")
    List<Path> keyFiles = List.of();

    @Override
    public Integer call() throws Exception {
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : keyFiles) {
            try {
                keys.add(Ed25519.readPublicPem(Files.readString(file)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--key " + file + ": " + e.getMessage(), e);
            }
        }
        PackVerifier verifier = new PackVerifier(PartCatalog.verifiers(), keys);
        int bad = 0;
        for (Path path : paths) {
            List<String> problems =
                    SeededFolder.isSeeded(path) ? SeededFolder.verify(path, verifier) : verifier.verify(path);
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println("OK " + path);
            } else {
                bad++;
                spec.commandLine().getOut().println("FAILED " + path);
                problems.forEach(problem -> spec.commandLine().getOut().println("  " + problem));
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
