package org.offlinepacks.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.routing.input.GeoJsonInputReader;

/** The hand-written OSM networks under src/test/resources/networks. */
public final class TestNetworks {
    private TestNetworks() {}

    public static Path resource(String name) {
        try {
            return Path.of(TestNetworks.class.getResource("/networks/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path villageOsm() {
        return resource("village.osm");
    }

    public static Boundary villageBoundary() {
        try {
            return GeoJsonInputReader.readBoundaries(resource("village-boundary.geojson"))
                    .get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<AssignedPoint> villagePoints() {
        try {
            return GeoJsonInputReader.readPoints(resource("village-points.geojson"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
