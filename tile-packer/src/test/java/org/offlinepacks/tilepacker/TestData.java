package org.offlinepacks.tilepacker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's sample data (Andorra), shared by the tests. */
public final class TestData {
    private TestData() {}

    public static Path sampleData(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("sample-data").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "sample-data/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    public static Path rasterMbtiles() {
        return sampleData("andorra-raster-z9-15.mbtiles");
    }

    public static Path vectorMbtiles() {
        return sampleData("andorra-vector-z0-14.mbtiles");
    }

    public static Path boundaries() {
        return sampleData("andorra/boundaries.geojson");
    }
}
