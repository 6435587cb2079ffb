package org.offlinepacks.tilepacker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.offlinepacks.tilepacker.TestData;
import org.offlinepacks.tilepacker.TestTileServer;
import org.offlinepacks.tilepacker.cover.TileId;

class TileCompletenessTest {
    /** Real tiles of every format: the sample archives' PNG and gzipped MVT, a JPEG and a WebP. */
    static Map<TileFormat, byte[]> completeTiles() throws IOException {
        byte[] png = largest(TestTileServer.tilesOf(TestData.rasterMbtiles()));
        byte[] pbf = largest(TestTileServer.tilesOf(TestData.vectorMbtiles()));
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png));
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpg", jpeg);
        return Map.of(
                TileFormat.PNG,
                png,
                TileFormat.PBF,
                pbf,
                TileFormat.JPG,
                jpeg.toByteArray(),
                TileFormat.WEBP,
                webp(new Random(7), 3001));
    }

    private static byte[] largest(Map<TileId, byte[]> tiles) {
        return tiles.values().stream()
                .max((a, b) -> Integer.compare(a.length, b.length))
                .orElseThrow();
    }

    /** A WebP container: RIFF header, VP8L chunk of odd size (so with a padding byte), EXIF chunk. */
    static byte[] webp(Random random, int imageBytes) {
        byte[] image = new byte[imageBytes];
        random.nextBytes(image);
        byte[] exif = new byte[10];
        int padding = imageBytes & 1;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + imageBytes + padding + 8 + exif.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WEBP".getBytes());
        b.put("VP8L".getBytes()).putInt(imageBytes).put(image);
        if (padding == 1) {
            b.put((byte) 0);
        }
        b.put("EXIF".getBytes()).putInt(exif.length).put(exif);
        return b.array();
    }

    @Test
    void completeTilesOfEveryFormatPass() throws IOException {
        completeTiles()
                .forEach((format, data) ->
                        assertEquals(Optional.empty(), TileCompleteness.problem(format, data), format.name()));
    }

    @Test
    void everyTruncationIsFound() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (Map.Entry<TileFormat, byte[]> tile : completeTiles().entrySet()) {
            byte[] data = tile.getValue();
            // every cut near the end (where the format's terminator lives) and a spread of others
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int n = Math.max(1, data.length - 64); n < data.length; n++) {
                cuts.add(n);
            }
            for (int i = 0; i < 200; i++) {
                cuts.add(1 + random.nextInt(data.length - 1));
            }
            cuts.add(data.length / 3);
            for (int cut : cuts) {
                Optional<String> problem = TileCompleteness.problem(tile.getKey(), Arrays.copyOf(data, cut));
                assertTrue(
                        problem.isPresent(),
                        "seed " + seed + ": " + tile.getKey() + " cut to " + cut + " of " + data.length
                                + " bytes passed");
            }
        }
    }

    @Test
    void aTruncatedPngSaysWhereItEnds() throws IOException {
        byte[] png = completeTiles().get(TileFormat.PNG);
        String problem = TileCompleteness.problem(TileFormat.PNG, Arrays.copyOf(png, png.length / 3))
                .orElseThrow();
        assertTrue(problem.startsWith("truncated: chunk IDAT"), problem);
        assertTrue(problem.contains("no IEND chunk"), problem);
    }

    @Test
    void aDamagedPngFailsItsChunkCrc() throws IOException {
        byte[] png = completeTiles().get(TileFormat.PNG).clone();
        png[png.length / 2] ^= 0x55;
        String problem = TileCompleteness.problem(TileFormat.PNG, png).orElseThrow();
        assertTrue(problem.contains("fails its CRC"), problem);
    }

    @Test
    void aDamagedVectorTileFailsItsGzipChecksum() throws IOException {
        byte[] pbf = completeTiles().get(TileFormat.PBF).clone();
        pbf[pbf.length - 6] ^= 0x55; // inside the trailer's CRC-32
        String problem = TileCompleteness.problem(TileFormat.PBF, pbf).orElseThrow();
        assertTrue(problem.startsWith("corrupt gzip"), problem);
    }

    @Test
    void anUncompressedVectorTileIsWalkedToItsEnd() {
        byte[] mvt = {0x1a, 0x03, 0x0a, 0x01, 0x61};
        assertEquals(Optional.empty(), TileCompleteness.problem(TileFormat.PBF, mvt));
        assertTrue(TileCompleteness.problem(TileFormat.PBF, Arrays.copyOf(mvt, 4))
                .orElseThrow()
                .startsWith("truncated: field 3"));
    }
}
