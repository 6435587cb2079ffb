package org.offlinepacks.tilepacker.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Tells whether a tile's bytes are complete from the format's own structure, without decoding the
 * image: PNG chunk by chunk (lengths and CRCs) up to IEND, JPEG marker by marker up to EOI, WebP
 * up to the size its RIFF header declares, and a vector tile's gzip stream inflated up to its
 * trailer (CRC-32 and length) with its top-level protobuf fields ending where the tile ends. The
 * magic bytes at the start cannot tell a body cut short by the network or by a server that lies
 * about Content-Length; this can, for a small fraction of what decoding costs.
 */
public final class TileCompleteness {
    /** A vector tile that inflates past this is refused rather than inflated further. */
    static final long MAX_INFLATED_BYTES = 64L << 20;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

    private TileCompleteness() {}

    /** Why the bytes are not a complete tile of the format, or empty when they are. */
    public static Optional<String> problem(TileFormat format, byte[] data) {
        if (data == null || data.length == 0) {
            return Optional.of("empty");
        }
        return Optional.ofNullable(
                switch (format) {
                    case PNG -> png(data);
                    case JPG -> jpeg(data);
                    case WEBP -> webp(data);
                    case PBF -> vectorTile(data);
                });
    }

    private static String png(byte[] data) {
        if (!startsWith(data, PNG_SIGNATURE)) {
            return "no PNG signature";
        }
        CRC32 crc = new CRC32();
        long pos = PNG_SIGNATURE.length;
        boolean first = true;
        while (true) {
            if (pos + 8 > data.length) {
                return "truncated: " + data.length + " bytes end before the IEND chunk";
            }
            int at = (int) pos;
            long length = uint32BigEndian(data, at);
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            long end = pos + 8 + length + 4;
            if (end > data.length) {
                return "truncated: chunk " + type + " at byte " + at + " needs " + (end - pos) + " bytes, "
                        + (data.length - pos) + " are left (no IEND chunk)";
            }
            crc.reset();
            crc.update(data, at + 4, (int) (4 + length));
            if (crc.getValue() != uint32BigEndian(data, (int) (pos + 8 + length))) {
                return "chunk " + type + " at byte " + at + " fails its CRC";
            }
            if (first && !type.equals("IHDR")) {
                return "first chunk is " + type + ", not IHDR";
            }
            if (type.equals("IEND")) {
                return null;
            }
            first = false;
            pos = end;
        }
    }

    private static String jpeg(byte[] data) {
        if (data.length < 4 || (data[0] & 0xff) != 0xff || (data[1] & 0xff) != 0xd8) {
            return "no JPEG start-of-image marker";
        }
        int pos = 2;
        while (true) {
            if (pos >= data.length) {
                return "truncated: " + data.length + " bytes end before the end-of-image marker (EOI)";
            }
            if ((data[pos] & 0xff) != 0xff) {
                return "no marker at byte " + pos + " where one must be";
            }
            while (pos < data.length && (data[pos] & 0xff) == 0xff) {
                pos++; // fill bytes
            }
            if (pos >= data.length) {
                return "truncated: " + data.length + " bytes end before the end-of-image marker (EOI)";
            }
            int marker = data[pos++] & 0xff;
            if (marker == 0xd9) {
                return null;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                continue; // markers without a segment
            }
            if (pos + 2 > data.length) {
                return "truncated: " + data.length + " bytes end inside a segment header";
            }
            int segmentLength = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            if (segmentLength < 2) {
                return "segment at byte " + pos + " declares a length of " + segmentLength;
            }
            if (pos + segmentLength > data.length) {
                return "truncated: the segment at byte " + pos + " needs " + segmentLength + " bytes, "
                        + (data.length - pos) + " are left (no EOI)";
            }
            pos += segmentLength;
            if (marker == 0xda) {
                pos = endOfScan(data, pos);
                if (pos < 0) {
                    return "truncated: " + data.length + " bytes end inside the image data, before EOI";
                }
            }
        }
    }

    /** The position of the marker that ends entropy-coded data, or -1 when the data runs out first. */
    private static int endOfScan(byte[] data, int pos) {
        while (pos + 1 < data.length) {
            if ((data[pos] & 0xff) == 0xff) {
                int next = data[pos + 1] & 0xff;
                if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
                    pos += 2; // a stuffed 0xff or a restart marker: still image data
                    continue;
                }
                if (next != 0xff) {
                    return pos;
                }
            }
            pos++;
        }
        return -1;
    }

    private static String webp(byte[] data) {
        if (data.length < 12
                || !startsWith(data, new byte[] {'R', 'I', 'F', 'F'})
                || data[8] != 'W'
                || data[9] != 'E'
                || data[10] != 'B'
                || data[11] != 'P') {
            return "no RIFF/WEBP header";
        }
        long end = uint32LittleEndian(data, 4) + 8;
        if (end > data.length) {
            return "truncated: the RIFF header declares " + end + " bytes, " + data.length + " arrived";
        }
        long pos = 12;
        if (pos + 8 > end) {
            return "no chunk after the RIFF/WEBP header";
        }
        while (pos < end) {
            if (pos + 8 > end) {
                return "truncated: a chunk header at byte " + pos + " runs past the RIFF size";
            }
            long size = uint32LittleEndian(data, (int) pos + 4);
            long next = pos + 8 + size + (size & 1);
            if (pos + 8 + size > end) {
                return "truncated: chunk " + new String(data, (int) pos, 4, StandardCharsets.ISO_8859_1) + " at byte "
                        + pos + " runs past the RIFF size";
            }
            pos = next;
        }
        return null;
    }

    private static String vectorTile(byte[] data) {
        byte[] tile = data;
        if (data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
            try {
                tile = inflate(data);
            } catch (EOFException e) {
                return "truncated: the gzip stream of " + data.length + " bytes ends before its trailer";
            } catch (ZipException e) {
                return "corrupt gzip: " + e.getMessage();
            } catch (IOException e) {
                return e.getMessage();
            }
        }
        return protobufFields(tile);
    }

    private static byte[] inflate(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(gzip.length * 4);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + (long) n > MAX_INFLATED_BYTES) {
                    throw new IOException("inflates to more than " + (MAX_INFLATED_BYTES >> 20) + " MiB");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Walks the top-level fields of a protobuf message: they must end exactly where the bytes do. */
    private static String protobufFields(byte[] data) {
        int[] pos = {0};
        while (pos[0] < data.length) {
            int fieldAt = pos[0];
            long key = varint(data, pos);
            if (key < 0) {
                return "truncated: the vector tile ends inside a field key at byte " + fieldAt;
            }
            long skip;
            switch ((int) (key & 7)) {
                case 0 -> {
                    if (varint(data, pos) < 0) {
                        return "truncated: the vector tile ends inside a value at byte " + fieldAt;
                    }
                    skip = 0;
                }
                case 1 -> skip = 8;
                case 2 -> {
                    skip = varint(data, pos);
                    if (skip < 0) {
                        return "truncated: the vector tile ends inside a length at byte " + fieldAt;
                    }
                }
                case 5 -> skip = 4;
                default -> {
                    return "not a vector tile: wire type " + (key & 7) + " at byte " + fieldAt;
                }
            }
            if (pos[0] + skip > data.length) {
                return "truncated: field " + (key >>> 3) + " at byte " + fieldAt + " needs " + skip + " bytes, "
                        + (data.length - pos[0]) + " are left";
            }
            pos[0] += (int) skip;
        }
        return null;
    }

    /** Reads a varint at pos[0] and advances it; -1 when the bytes end first or it is too long. */
    private static long varint(byte[] data, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= data.length) {
                return -1;
            }
            int b = data[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value < 0 ? -1 : value;
            }
        }
        return -1;
    }

    private static long uint32BigEndian(byte[] data, int at) {
        return ((long) (data[at] & 0xff) << 24)
                | ((data[at + 1] & 0xff) << 16)
                | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    private static long uint32LittleEndian(byte[] data, int at) {
        return ((long) (data[at + 3] & 0xff) << 24)
                | ((data[at + 2] & 0xff) << 16)
                | ((data[at + 1] & 0xff) << 8)
                | (data[at] & 0xff);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
