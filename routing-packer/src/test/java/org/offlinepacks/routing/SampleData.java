package org.offlinepacks.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.routing.input.GeoJsonInputReader;

/** The repository's Andorra sample data (© OpenStreetMap contributors, ODbL). */
public final class SampleData {
    public static final String ENCAMP = "osm-relation-2804755";
    public static final String ORDINO = "osm-relation-2804758";

    private SampleData() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("sample-data/andorra"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "sample-data/andorra not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("sample-data");
    }

    public static Path andorraPbf() {
        return root().resolve("andorra.osm.pbf");
    }

    public static Boundary boundary(String id) {
        try {
            return GeoJsonInputReader.readBoundaries(root().resolve("andorra/boundaries.geojson")).stream()
                    .filter(b -> b.id().equals(id))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<AssignedPoint> points() {
        try {
            return GeoJsonInputReader.readPoints(root().resolve("andorra/points.geojson"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<AssignedPoint> pointsOf(String boundaryId) {
        return points().stream().filter(p -> boundaryId.equals(p.boundaryId())).toList();
    }
}
