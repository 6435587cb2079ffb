package org.offlinepacks.routing.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.TestNetworks;

class OsmClipperTest {
    @Test
    void keepsCompleteWaysAndTheirRestrictionsAndDropsWhatIsOutside(@TempDir Path tmp) throws Exception {
        ClipArea area = ClipArea.around(TestNetworks.villageBoundary().geometry(), 200);
        Path out = tmp.resolve("clip.osm");

        ClipResult result = OsmClipper.clip(TestNetworks.villageOsm(), area, out, ProgressListener.NONE);

        String xml = Files.readString(out);
        assertEquals(9, result.inputNodes());
        assertEquals(5, result.inputWays());
        assertEquals(4, result.ways(), "ways 100, 101, 102 and 104 touch the area");
        assertFalse(xml.contains("<way id=\"103\""), "the street far outside is dropped");
        assertFalse(xml.contains("<node id=\"20\""), "its nodes too");
        assertTrue(xml.contains("<node id=\"30\""), "the lane leaving the area keeps its far end (complete ways)");
        assertTrue(xml.contains("<tag k=\"barrier\" v=\"gate\""), "node tags are kept");
        assertEquals(1, result.relations());
        assertTrue(xml.contains("<relation id=\"500\""), "the turn restriction is kept");
        assertFalse(xml.contains("<relation id=\"501\""), "a route with no kept way is dropped");
    }

    @Test
    void anUnsortedFileIsRefusedWithWhatToDo(@TempDir Path tmp) {
        ClipArea area = ClipArea.around(TestNetworks.villageBoundary().geometry(), 200);

        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> OsmClipper.clip(
                        TestNetworks.resource("unsorted.osm"), area, tmp.resolve("o.osm"), ProgressListener.NONE));

        assertTrue(e.getMessage().contains("not sorted") && e.getMessage().contains("osmium sort"), e.getMessage());
    }

    @Test
    void readsThePbfHeaderDateAndCutsAndorraToOneParish(@TempDir Path tmp) throws Exception {
        var boundary = org.offlinepacks.routing.SampleData.boundary(org.offlinepacks.routing.SampleData.ORDINO);
        ClipArea area = ClipArea.around(boundary.geometry(), 1000);

        ClipResult result = OsmClipper.clip(
                org.offlinepacks.routing.SampleData.andorraPbf(), area, tmp.resolve("o.osm"), ProgressListener.NONE);

        assertEquals("2013-05-28T18:59:04Z", String.valueOf(result.dataTimestamp()));
        assertEquals(69_644, result.inputNodes());
        assertTrue(result.ways() > 0 && result.ways() < result.inputWays() / 2, "kept " + result.ways() + " ways");
    }
}
