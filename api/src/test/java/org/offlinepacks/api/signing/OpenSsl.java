package org.offlinepacks.api.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stock {@code openssl} (3.x, Debian's) run as a process, as an operator or a device team runs it. */
public final class OpenSsl {
    /** What a run printed (stdout and stderr together) and its exit code. */
    public record Run(int exitCode, String output) {}

    private OpenSsl() {}

    public static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + command);
        }
        return new Run(process.exitValue(), output);
    }

    /** The README's command: {@code openssl pkeyutl -verify -pubin -inkey KEY -rawin -in MANIFEST -sigfile SIG}. */
    public static Run verifyManifest(Path key, Path manifest, Path signature) throws IOException, InterruptedException {
        return run(
                manifest.getParent(),
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                key.toAbsolutePath().toString(),
                "-rawin",
                "-in",
                manifest.toAbsolutePath().toString(),
                "-sigfile",
                signature.toAbsolutePath().toString());
    }
}
