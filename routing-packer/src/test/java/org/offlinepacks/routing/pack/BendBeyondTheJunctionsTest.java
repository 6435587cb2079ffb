package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;
import org.offlinepacks.boundarydata.campaign.PointReader;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.TestNetworks;
import org.offlinepacks.routing.extract.ExtractGraphCache;
import org.offlinepacks.routing.verify.RoutingPackVerifier;

/**
 * GraphHopper's bounds of a graph hold its junctions only, and its router refuses a point outside
 * them. A facility that snaps onto the bend of a road beyond every junction must still be routable
 * on the device; found on a village of the national benchmark, whose pack failed verification.
 */
class BendBeyondTheJunctionsTest {
    @TempDir
    Path tmp;

    @Test
    void aPointSnappedOnABendBeyondTheJunctionsIsRoutedFrom() throws Exception {
        RoutingPackResult pack = new RoutingPackBuilder(
                        RoutingPackConfig.defaults().withBufferM(200).withMinNetworkSize(0),
                        new ExtractGraphCache(tmp.resolve("routing-cache")))
                .build(
                        TestNetworks.resource("bend.osm"),
                        BoundaryReader.readFile(TestNetworks.resource("bend-boundary.geojson"))
                                .get(0),
                        PointReader.readFile(TestNetworks.resource("bend-points.geojson")),
                        tmp.resolve("out"),
                        tmp.resolve("work"),
                        ProgressListener.NONE);

        double snappedLat = pack.routes().get(0).points().stream()
                .filter(snap -> snap.point().id().equals("clinic"))
                .findFirst()
                .orElseThrow()
                .snappedLat();
        assertTrue(snappedLat > 10.002, "the clinic snaps on the bend, north of both junctions: " + snappedLat);
        assertTrue(pack.routes().get(0).facilityRoutes().get(0).isReachable(), "the house is reached");
        assertEquals(List.of(), RoutingPackVerifier.verify(pack.ghzFile().getParent()));
        assertTrue(pack.manifest().bboxLonLat().get(3) >= snappedLat, "the graph's bounds hold the bend");
    }
}
