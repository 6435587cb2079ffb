// Makes a synthetic tile archive for bench/extract.sh (Java single-file source launch with the
// shaded jar on the class path): every tile of a boundary's cover over a zoom range, each a
// distinct, decodable 256x256 PNG of about 4 KB (a noisy grey image, and a tEXt chunk naming the
// tile so that no two tiles are equal and none is stored once for several), written with the
// service's own MbtilesWriter in key order.
// Usage: ArchiveMaker BOUNDARY.geojson MIN_ZOOM MAX_ZOOM OUT.mbtiles [BUFFER_M]
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.locationtech.jts.geom.Geometry;
import org.offlinepacks.tilepacker.cover.CoverPlanner;
import org.offlinepacks.tilepacker.cover.PackCover;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.cover.BoundaryFileReader;
import org.offlinepacks.tilepacker.format.TileFormat;
import org.offlinepacks.tilepacker.mbtiles.MbtilesMetadata;
import org.offlinepacks.tilepacker.mbtiles.MbtilesWriter;

public class ArchiveMaker {
    private static final int VARIANTS = 64;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    public static void main(String[] args) throws IOException {
        Geometry boundary = BoundaryFileReader.read(Path.of(args[0]), null);
        int minZoom = Integer.parseInt(args[1]);
        int maxZoom = Integer.parseInt(args[2]);
        double bufferM = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        PackCover cover = CoverPlanner.plan(boundary, minZoom, maxZoom, bufferM);
        Random random = new Random(42);
        byte[] header = chunk("IHDR", new byte[] {0, 0, 1, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0});
        byte[][] images = new byte[VARIANTS][];
        for (int i = 0; i < VARIANTS; i++) {
            images[i] = chunk("IDAT", noisyGrey(random, 10 + random.nextInt(8)));
        }
        byte[] end = chunk("IEND", new byte[0]);
        MbtilesMetadata metadata = new MbtilesMetadata("synthetic archive", TileFormat.PNG,
                new double[] {-180, -85, 180, 85}, null, minZoom, maxZoom, "synthetic", null, "1", null);
        long[] bytes = {0};
        try (MbtilesWriter writer = MbtilesWriter.create(Path.of(args[3]), metadata)) {
            cover.forEachColumnRun(run -> {
                for (int row = run.firstTmsRow(); row <= run.lastTmsRow(); row++) {
                    TileId tile = run.tile(row);
                    byte[] text = chunk("tEXt", ("Comment\0tile " + tile + " " + "x".repeat(random.nextInt(200)))
                            .getBytes(StandardCharsets.ISO_8859_1));
                    byte[] image = images[random.nextInt(VARIANTS)];
                    ByteArrayOutputStream png = new ByteArrayOutputStream(image.length + 300);
                    png.writeBytes(SIGNATURE);
                    png.writeBytes(header);
                    png.writeBytes(text);
                    png.writeBytes(image);
                    png.writeBytes(end);
                    bytes[0] += png.size();
                    try {
                        writer.writeTile(tile, png.toByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            writer.finish();
        }
        System.out.println(cover.count() + " tiles, " + bytes[0] + " bytes of tiles");
    }

    /** A 256x256 8-bit grey image, flat but for {@code noisyRows} rows of noise, deflated. */
    private static byte[] noisyGrey(Random random, int noisyRows) {
        byte[] raw = new byte[256 * 257];
        for (int y = 0; y < 256; y++) {
            raw[y * 257] = 0; // filter: none
            for (int x = 0; x < 256; x++) {
                raw[y * 257 + 1 + x] = (byte) (y < noisyRows ? random.nextInt(256) : 200 + (x >> 5));
            }
        }
        Deflater deflater = new Deflater(6);
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[raw.length + 1024];
        int length = 0;
        while (!deflater.finished()) {
            length += deflater.deflate(buffer, length, buffer.length - length);
        }
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 12);
        writeInt(out, data.length);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        writeInt(out, (int) crc.getValue());
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
