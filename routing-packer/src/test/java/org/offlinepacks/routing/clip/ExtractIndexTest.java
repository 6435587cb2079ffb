package org.offlinepacks.routing.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.osm.SkipOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.SampleData;
import org.offlinepacks.routing.TestNetworks;

/** A clip through the extract index is the streaming clip, reading only what lies near the area. */
class ExtractIndexTest {
    private static final GeometryFactory GF = new GeometryFactory();

    @TempDir
    static Path shared;

    private static Path andorraIndex;
    private static long[] andorraWayIds;

    @BeforeAll
    static void indexAndorra() throws Exception {
        andorraIndex = shared.resolve("andorra-index");
        ExtractIndexBuilder.build(SampleData.andorraPbf(), andorraIndex, ProgressListener.NONE);
        LongArrayList ids = new LongArrayList();
        new OsmClipper(1).read(SampleData.andorraPbf(), new SkipOptions(true, false, true), element -> {
            if (element.getType() == ReaderElement.Type.WAY) {
                ids.add(element.getId());
            }
        });
        andorraWayIds = ids.toArray();
    }

    @Test
    void aClipFromTheIndexIsTheStreamingClipByteForByte(@TempDir Path tmp) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (ExtractIndex index = ExtractIndex.open(andorraIndex)) {
            for (int round = 0; round < 12; round++) {
                ClipArea area = ClipArea.around(
                        randomVillage(random, 1.42 + random.nextDouble() * 0.35, 42.43 + random.nextDouble() * 0.2),
                        random.nextInt(4) * 1000);
                LongHashSet routeWays = new LongHashSet();
                for (int i = random.nextInt(30); i > 0; i--) {
                    routeWays.add(andorraWayIds[random.nextInt(andorraWayIds.length)]);
                }
                routeWays.add(4_000_000_000L); // a route way the extract does not have
                Path streamed = tmp.resolve("streamed-" + round + ".osm.pbf");
                Path indexed = tmp.resolve("indexed-" + round + ".osm.pbf");
                ClipResult expected =
                        OsmClipper.clip(SampleData.andorraPbf(), area, routeWays, streamed, ProgressListener.NONE);
                ClipResult actual = index.clip(area, routeWays, indexed, ProgressListener.NONE);
                String what = "seed " + seed + " round " + round + " area " + area.envelopeLonLat();
                assertArrayEquals(Files.readAllBytes(streamed), Files.readAllBytes(indexed), what);
                assertEquals(expected.withOutput(indexed), actual, what);
            }
        }
    }

    @Test
    void aHandWrittenXmlExtractIsIndexedLikeAPbf(@TempDir Path tmp) throws Exception {
        ExtractIndexBuilder.build(TestNetworks.villageOsm(), tmp.resolve("index"), ProgressListener.NONE);
        ClipArea area = ClipArea.around(TestNetworks.villageBoundary().geometry(), 200);
        try (ExtractIndex index = ExtractIndex.open(tmp.resolve("index"))) {
            ClipResult actual = index.clip(area, new LongHashSet(), tmp.resolve("i.osm.pbf"), ProgressListener.NONE);
            ClipResult expected =
                    OsmClipper.clip(TestNetworks.villageOsm(), area, tmp.resolve("s.osm.pbf"), ProgressListener.NONE);
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("s.osm.pbf")), Files.readAllBytes(tmp.resolve("i.osm.pbf")));
            assertEquals(expected.withOutput(actual.output()), actual);
            assertEquals(4, actual.ways());
            assertEquals(1, actual.relations(), "the turn restriction of a kept way");
        }
    }

    /** The clip reads the cells its area touches, not the extract: a village reads a few percent of Andorra's ways. */
    @Test
    void aVillagesClipReadsOnlyTheWaysNearIt(@TempDir Path tmp) throws Exception {
        long[] read = {0};
        ProgressListener counting = new ProgressListener() {
            @Override
            public void begin(String step, long total) {}

            @Override
            public void update(String step, long done) {}

            @Override
            public void end(String step, long done) {
                if (step.equals("clip")) {
                    read[0] = done;
                }
            }
        };
        try (ExtractIndex index = ExtractIndex.open(andorraIndex)) {
            ClipResult clip = index.clip(
                    ClipArea.around(randomVillage(new Random(7), 1.5217, 42.5075), 300),
                    new LongHashSet(),
                    tmp.resolve("c.osm.pbf"),
                    counting);
            assertTrue(clip.ways() > 0);
            assertTrue(
                    read[0] > 0 && read[0] < clip.inputWays() / 4,
                    "read " + read[0] + " of " + clip.inputWays() + " ways for a village's clip");
        }
    }

    private static Geometry randomVillage(Random random, double lon, double lat) {
        double r = 0.002 + random.nextDouble() * 0.01;
        Coordinate[] ring = new Coordinate[9];
        for (int i = 0; i < 8; i++) {
            double angle = 2 * Math.PI * i / 8;
            double radius = r * (0.6 + 0.4 * random.nextDouble());
            ring[i] = new Coordinate(lon + radius * Math.cos(angle), lat + radius * Math.sin(angle));
        }
        ring[8] = ring[0];
        return GF.createPolygon(ring);
    }
}
