package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the short commands once on the sample data, in one JVM, so that the classes they load are
 * written to the class-data-sharing archive the launcher uses ({@code
 * -XX:ArchiveClassesAtExit}; see {@code api/src/main/dist/make-launcher.sh}, run at {@code
 * package}). Arguments: the sample-data folder and a scratch folder.
 */
public final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws Exception {
        Path samples = Path.of(args[0]);
        Path scratch = Files.createDirectories(Path.of(args[1]));
        String boundaries = samples.resolve("andorra/boundaries.geojson").toString();
        String archive = "mbtiles:" + samples.resolve("andorra-raster-z9-15.mbtiles");
        String[][] runs = {
            {"--version"},
            {"cover", "--boundary-file", boundaries, "--zoom", "12", "--count"},
            {"cover", "--boundary-file", boundaries, "--zoom", "10"},
            {"estimate", "--boundary-file", boundaries, "--min-zoom", "9", "--max-zoom", "12", "--source", archive},
            {
                "tiles",
                "--boundary-file",
                boundaries,
                "--min-zoom",
                "9",
                "--max-zoom",
                "11",
                "--source",
                archive,
                "--data-dir",
                scratch.resolve("data").toString(),
                "--out",
                scratch.resolve("t.mbtiles").toString()
            }
        };
        for (String[] run : runs) {
            int status = OfflinePacksCommand.execute(
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true), run);
            if (status != 0) {
                throw new IllegalStateException("training run " + String.join(" ", run) + " exited with " + status);
            }
        }
    }
}
