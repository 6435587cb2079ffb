package org.offlinepacks.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.PointReader;

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
        return BoundaryReader.readFile(root().resolve("andorra/boundaries.geojson")).stream()
                .filter(b -> b.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    public static List<AssignedPoint> points() {
        return PointReader.readFile(root().resolve("andorra/points.geojson"));
    }

    public static List<AssignedPoint> pointsOf(String boundaryId) {
        return points().stream().filter(p -> boundaryId.equals(p.boundaryId())).toList();
    }
}
