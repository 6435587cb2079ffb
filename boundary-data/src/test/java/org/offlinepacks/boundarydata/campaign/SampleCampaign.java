package org.offlinepacks.boundarydata.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The bundled Andorra sample campaign, copied to a temporary folder so tests can break it. */
public final class SampleCampaign {
    public static final Path FOLDER =
            Path.of("..", "sample-data", "andorra").toAbsolutePath().normalize();

    private SampleCampaign() {}

    public static Path copyTo(Path target) {
        try (Stream<Path> files = Files.walk(FOLDER)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(FOLDER.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // campaign.json refers to the extract and tiles one folder up
            Files.writeString(
                    target.resolve("campaign.json"),
                    Files.readString(target.resolve("campaign.json"))
                            .replace("../", FOLDER.getParent().toString() + "/"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
