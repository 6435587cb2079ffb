package org.offlinepacks.routing.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.SampleData;
import org.offlinepacks.routing.TestNetworks;

class OsmClipperTest {
    @Test
    void keepsCompleteWaysAndTheirRestrictionsAndDropsWhatIsOutside(@TempDir Path tmp) throws Exception {
        ClipArea area = ClipArea.around(TestNetworks.villageBoundary().geometry(), 200);
        Path out = tmp.resolve("clip.osm.pbf");

        ClipResult result = OsmClipper.clip(TestNetworks.villageOsm(), area, out, ProgressListener.NONE);

        Map<String, ReaderElement> kept = readBack(out);
        assertEquals(9, result.inputNodes());
        assertEquals(5, result.inputWays());
        assertEquals(4, result.ways(), "ways 100, 101, 102 and 104 touch the area");
        assertFalse(kept.containsKey("way 103"), "the street far outside is dropped");
        assertFalse(kept.containsKey("node 20"), "its nodes too");
        ReaderNode gate = (ReaderNode) kept.get("node 30");
        assertEquals(9.98, gate.getLon(), 1e-9, "the lane leaving the area keeps its far end (complete ways)");
        assertEquals("gate", gate.getTag("barrier"), "node tags are kept");
        assertEquals("[1, 2, 3]", ((ReaderWay) kept.get("way 100")).getNodes().toString());
        assertEquals("Main Street", kept.get("way 100").getTag("name"));
        assertEquals(1, result.relations());
        ReaderRelation restriction = (ReaderRelation) kept.get("relation 500");
        assertEquals("no_left_turn", restriction.getTag("restriction"), "the turn restriction is kept");
        assertEquals("via", restriction.getMembers().get(1).getRole());
        assertEquals(3, restriction.getMembers().get(1).getRef());
        assertFalse(kept.containsKey("relation 501"), "a route with no kept way is dropped");
        assertEquals(result.nodes() + result.ways() + result.relations(), kept.size());
    }

    @Test
    void theSameInputGivesTheSameBytes(@TempDir Path tmp) throws Exception {
        ClipArea area = ClipArea.around(SampleData.boundary(SampleData.ORDINO).geometry(), 1000);
        OsmClipper.clip(SampleData.andorraPbf(), area, tmp.resolve("a.osm.pbf"), ProgressListener.NONE);
        OsmClipper.clip(SampleData.andorraPbf(), area, tmp.resolve("b.osm.pbf"), ProgressListener.NONE);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.osm.pbf")), Files.readAllBytes(tmp.resolve("b.osm.pbf")));
    }

    @Test
    void anUnsortedFileIsRefusedWithWhatToDo(@TempDir Path tmp) {
        ClipArea area = ClipArea.around(TestNetworks.villageBoundary().geometry(), 200);

        IOException e = assertThrows(
                IOException.class,
                () -> OsmClipper.clip(
                        TestNetworks.resource("unsorted.osm"), area, tmp.resolve("o.osm.pbf"), ProgressListener.NONE));

        assertTrue(e.getMessage().contains("not sorted") && e.getMessage().contains("osmium sort"), e.getMessage());
    }

    @Test
    void readsThePbfHeaderDateAndCutsAndorraToOneParish(@TempDir Path tmp) throws Exception {
        ClipArea area = ClipArea.around(SampleData.boundary(SampleData.ORDINO).geometry(), 1000);
        Path out = tmp.resolve("o.osm.pbf");

        ClipResult result = OsmClipper.clip(SampleData.andorraPbf(), area, out, ProgressListener.NONE);

        assertEquals("2013-05-28T18:59:04Z", String.valueOf(result.dataTimestamp()));
        assertEquals(69_644, result.inputNodes());
        assertTrue(result.ways() > 0 && result.ways() < result.inputWays() / 2, "kept " + result.ways() + " ways");
        ClipResult again = OsmClipper.clip(out, area, tmp.resolve("again.osm.pbf"), ProgressListener.NONE);
        assertEquals(result.dataTimestamp(), again.dataTimestamp(), "the written header keeps the data date");
        assertEquals(result.nodes(), again.inputNodes(), "every written node reads back");
        assertEquals(result.ways(), again.ways(), "clipping a clip keeps it whole");
    }

    private static Map<String, ReaderElement> readBack(Path file) throws Exception {
        Map<String, ReaderElement> elements = new LinkedHashMap<>();
        try (OSMInputFile in = new OSMInputFile(file.toFile()).open()) {
            ReaderElement element;
            while ((element = in.getNext()) != null) {
                if (element.getType() != ReaderElement.Type.FILEHEADER) {
                    elements.put(element.getType().name().toLowerCase() + " " + element.getId(), element);
                }
            }
        }
        return elements;
    }
}
