package org.offlinepacks.routing.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.RoutingPackConfig;
import org.offlinepacks.routing.extract.ExtractGraphCache;

/** A boundary whose routing area has ways but no road (a river) is a NoRoadException, not a GraphHopper error. */
class NoRoadTest {
    @TempDir
    Path tmp;

    @Test
    void waysThatAreNoRoadAreNoRoad() throws Exception {
        Path osm = tmp.resolve("river.osm");
        Files.writeString(
                osm,
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <osm version="0.6" generator="hand">
                  <node id="1" lat="10.0000000" lon="10.0000000"/>
                  <node id="2" lat="10.0000000" lon="10.0010000"/>
                  <node id="3" lat="10.0000000" lon="10.0020000"/>
                  <node id="20" lat="11.0000000" lon="11.0000000"/>
                  <node id="21" lat="11.0010000" lon="11.0000000"/>
                  <node id="22" lat="11.0020000" lon="11.0000000"/>
                  <way id="100">
                    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
                    <tag k="waterway" v="river"/>
                  </way>
                  <way id="200">
                    <nd ref="20"/><nd ref="21"/><nd ref="22"/>
                    <tag k="highway" v="residential"/>
                  </way>
                </osm>
                """);
        Boundary riverside = new Boundary(
                "riverside",
                "Riverside",
                null,
                new GeometryFactory().toGeometry(new Envelope(10.0005, 10.0015, 9.9995, 10.0005)),
                "v1");
        RoutingPackConfig config =
                RoutingPackConfig.defaults().withMinNetworkSize(0).withBufferM(500);

        NoRoadException e = assertThrows(NoRoadException.class, () -> new RoutingPackBuilder(
                        config, new ExtractGraphCache(tmp.resolve("cache")))
                .build(osm, riverside, List.of(), tmp.resolve("out"), tmp.resolve("work"), ProgressListener.NONE));

        assertEquals(
                "boundary riverside has no road within 500 m: none of the 1 ways of river.osm there is a road for the"
                        + " profiles [foot, car]",
                e.getMessage());
    }
}
