package org.offlinepacks.routing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.offlinepacks.boundarydata.campaign.AssignedPoint;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.PointReader;

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
        return BoundaryReader.readFile(resource("village-boundary.geojson")).get(0);
    }

    public static List<AssignedPoint> villagePoints() {
        return PointReader.readFile(resource("village-points.geojson"));
    }

    /** A valley whose roads leave its buffer and come back (see the comment in valley.osm). */
    public static Path valleyOsm() {
        return resource("valley.osm");
    }

    public static Boundary valleyBoundary() {
        return BoundaryReader.readFile(resource("valley-boundary.geojson")).get(0);
    }

    public static List<AssignedPoint> valleyPoints() {
        return PointReader.readFile(resource("valley-points.geojson"));
    }
}
