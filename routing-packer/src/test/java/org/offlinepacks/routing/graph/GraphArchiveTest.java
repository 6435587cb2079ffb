package org.offlinepacks.routing.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphArchiveTest {
    @Test
    void entriesAreInNameOrderWithAFixedTimeAndNoLockFile(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("graph"));
        for (String name : List.of("nodes", "edges", "properties", "gh.lock")) {
            Files.writeString(folder.resolve(name), name);
            Files.setLastModifiedTime(folder.resolve(name), FileTime.fromMillis(System.currentTimeMillis()));
        }

        GraphArchive.zipFolder(folder, tmp.resolve("a.ghz"));
        Files.setLastModifiedTime(folder.resolve("nodes"), FileTime.fromMillis(0));
        GraphArchive.zipFolder(folder, tmp.resolve("b.ghz"));

        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(tmp.resolve("a.ghz").toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), entry.getTimeLocal());
            }
        }
        assertEquals(List.of("edges", "nodes", "properties"), names);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.ghz")), Files.readAllBytes(tmp.resolve("b.ghz")));
    }
}
