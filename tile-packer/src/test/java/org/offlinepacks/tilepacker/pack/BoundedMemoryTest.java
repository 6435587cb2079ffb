package org.offlinepacks.tilepacker.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesMetadata;
import org.offlinepacks.tilepacker.mbtiles.MbtilesReader;
import org.offlinepacks.tilepacker.mbtiles.MbtilesWriter;

/**
 * Writing an MBTiles takes no memory in proportion to the file: a pack of about 100 MB is built
 * from a local archive in a child JVM with a 48 MB heap, and its resident memory grows by a small
 * fraction of the file (SQLite's page caches), not by the file's size (as it did with an
 * in-memory journal and a final VACUUM).
 */
class BoundedMemoryTest {
    static final int MIN_ZOOM = 9;
    static final int MAX_ZOOM = 15;
    private static final double WEST = 1.40;
    private static final double SOUTH = 42.42;
    private static final double EAST = 1.80;
    private static final double NORTH = 42.66;
    private static final int TILE_BYTES = 64 * 1024;
    private static final long GROWTH_LIMIT_KIB = 40 * 1024;

    @TempDir
    Path dir;

    @Test
    void aPackOfAHundredMegabytesIsWrittenInBoundedMemory() throws Exception {
        long seed = System.nanoTime();
        Path archive = dir.resolve("archive.mbtiles");
        long tiles = writeArchive(archive, new Random(seed));
        Path out = Files.createDirectories(dir.resolve("out"));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-Xms48m",
                        "-Xmx48m",
                        "-XX:+AlwaysPreTouch",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryProbe.class.getName(),
                        archive.toString(),
                        out.toString(),
                        String.valueOf(WEST),
                        String.valueOf(SOUTH),
                        String.valueOf(EAST),
                        String.valueOf(NORTH))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("probe.log").toFile())
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not finish in 2 minutes");
        String log = Files.readString(dir.resolve("probe.log"));
        assertEquals(0, process.exitValue(), log);
        long before = kib(log, "rss-before");
        long peak = kib(log, "peak");
        Path big = out.resolve("big.mbtiles");
        long fileKib = Files.size(big) / 1024;
        System.out.println("seed " + seed + ": resident memory " + before + " KiB before writing a " + fileKib
                + " KiB MBTiles, " + peak + " KiB at most");
        assertTrue(fileKib > 90 * 1024, "the pack is only " + fileKib + " KiB");
        assertTrue(
                peak - before < GROWTH_LIMIT_KIB,
                "seed " + seed + ": resident memory grew by " + (peak - before) + " KiB (from " + before + " to " + peak
                        + ") while writing a " + fileKib + " KiB MBTiles");
        try (MbtilesReader reader = MbtilesReader.open(big)) {
            assertEquals(
                    tiles,
                    reader.zoomCounts().values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
            assertEquals("ok", reader.integrityCheck());
        }
    }

    /** Every tile of the box's cover, each a distinct PNG-like blob of {@value #TILE_BYTES} bytes. */
    private static long writeArchive(Path archive, Random random) throws IOException {
        PackCover cover = CoverPlanner.plan(
                new GeometryFactory().toGeometry(new Envelope(WEST, EAST, SOUTH, NORTH)), MIN_ZOOM, MAX_ZOOM, 0);
        MbtilesMetadata metadata = new MbtilesMetadata(
                "archive",
                TileFormat.PNG,
                new double[] {WEST, SOUTH, EAST, NORTH},
                null,
                MIN_ZOOM,
                MAX_ZOOM,
                "test",
                null,
                "1",
                null);
        try (MbtilesWriter writer = MbtilesWriter.create(archive, metadata)) {
            cover.forEachColumnRun(run -> {
                for (int row = run.firstTmsRow(); row <= run.lastTmsRow(); row++) {
                    try {
                        writer.writeTile(run.tile(row), pngLike(random));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            writer.finish();
        }
        return cover.count();
    }

    private static byte[] pngLike(Random random) {
        byte[] data = new byte[TILE_BYTES];
        random.nextBytes(data);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, data, 0, 8);
        return data;
    }

    private static long kib(String log, String key) {
        return log.lines()
                .filter(l -> l.startsWith(key + " "))
                .map(l -> Long.parseLong(l.substring(key.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + "' in the probe's output:\n" + log));
    }
}
