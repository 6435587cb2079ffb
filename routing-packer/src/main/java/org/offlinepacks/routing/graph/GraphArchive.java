package org.offlinepacks.routing.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips a GraphHopper graph folder into a {@code .ghz}, which GraphHopper unpacks and loads itself.
 * Entries are written in name order with a fixed time, so the same graph gives the same bytes.
 */
public final class GraphArchive {
    /** The zip format's own epoch: no wall-clock time leaks into the archive. */
    private static final LocalDateTime FIXED_ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private GraphArchive() {}

    public static long zipFolder(Path graphFolder, Path ghzFile) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(graphFolder)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".lock"))
                    .sorted()
                    .toList();
        }
        try (OutputStream out = Files.newOutputStream(ghzFile);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(file.getFileName().toString());
                entry.setTimeLocal(FIXED_ENTRY_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return Files.size(ghzFile);
    }
}
