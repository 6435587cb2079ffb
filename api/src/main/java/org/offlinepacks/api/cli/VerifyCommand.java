package org.offlinepacks.api.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.offlinepacks.api.bundle.PackVerifier;
import org.offlinepacks.api.bundle.PartCatalog;
import org.offlinepacks.api.sync.SeededFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies pack folders or bundle.zip files: every part's size and sha256, and each part's own"
                    + " validity (MBTiles opens and its tiles decode, the graph loads and routes, JSON parses).",
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

    @Override
    public Integer call() throws Exception {
        PackVerifier verifier = new PackVerifier(PartCatalog.verifiers());
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
