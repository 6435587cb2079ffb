package org.offlinepacks.routing.clip;

import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of an {@link ExtractIndex}, written with {@link DataOutput} and varints:
 *
 * <ul>
 *   <li>a way: id, tags, and each node in order: its id (delta), whether the extract has it, and
 *       if so its position (E7 degrees, delta) and tags. A way carries its nodes, so a clip reads
 *       no node store;
 *   <li>a relation: id, tags, members (type, ref, role).
 * </ul>
 *
 * Positions are kept as the PBF's E7 integers and turned back into degrees as GraphHopper's PBF
 * reader does, so a clip from the index holds exactly the doubles a clip of the file would.
 */
final class IndexRecords {
    /** Index cells are this many degrees on each side. */
    static final double CELL_DEGREES = 0.05;

    private static final int COLUMNS = (int) Math.round(360 / CELL_DEGREES);

    private IndexRecords() {}

    static int cellOf(double lon, double lat) {
        int column = Math.min(COLUMNS - 1, Math.max(0, (int) Math.floor((lon + 180) / CELL_DEGREES)));
        int row = Math.max(0, (int) Math.floor((lat + 90) / CELL_DEGREES));
        return row * COLUMNS + column;
    }

    static int cellColumn(double lon) {
        return Math.min(COLUMNS - 1, Math.max(0, (int) Math.floor((lon + 180) / CELL_DEGREES)));
    }

    static int cellRow(double lat) {
        return Math.max(0, (int) Math.floor((lat + 90) / CELL_DEGREES));
    }

    static int cell(int row, int column) {
        return row * COLUMNS + column;
    }

    static long e7(double degrees) {
        return Math.round(degrees * 1e7);
    }

    /** Degrees from E7, computed as GraphHopper's PBF reader computes them (granularity 100). */
    static double degrees(long e7) {
        return .000000001 * (100 * e7);
    }

    /** A node of an indexed way: its id, and position and tags when the extract has the node. */
    record WayNode(long id, boolean present, long latE7, long lonE7, Map<String, Object> tags) {
        double lat() {
            return degrees(latE7);
        }

        double lon() {
            return degrees(lonE7);
        }

        ReaderNode toReaderNode() {
            ReaderNode node = new ReaderNode(id, lat(), lon());
            tags.forEach(node::setTag);
            return node;
        }
    }

    /** A way as indexed. */
    record IndexedWay(long id, Map<String, Object> tags, WayNode[] nodes) {
        ReaderWay toReaderWay() {
            ReaderWay way = new ReaderWay(id);
            tags.forEach(way::setTag);
            for (WayNode node : nodes) {
                way.getNodes().add(node.id());
            }
            return way;
        }
    }

    static void writeWay(DataOutput out, ReaderWay way, WayNode[] nodes) throws IOException {
        out.writeLong(way.getId());
        writeTags(out, way);
        writeVarint(out, nodes.length);
        long lastId = 0;
        long lastLat = 0;
        long lastLon = 0;
        for (WayNode node : nodes) {
            writeVarint(out, zigzag(node.id() - lastId));
            lastId = node.id();
            out.writeBoolean(node.present());
            if (node.present()) {
                writeVarint(out, zigzag(node.latE7() - lastLat));
                writeVarint(out, zigzag(node.lonE7() - lastLon));
                lastLat = node.latE7();
                lastLon = node.lonE7();
                writeTags(out, node.tags());
            }
        }
    }

    static IndexedWay readWay(DataInput in) throws IOException {
        long id = in.readLong();
        Map<String, Object> tags = readTags(in);
        WayNode[] nodes = new WayNode[(int) readVarint(in)];
        long lastId = 0;
        long lastLat = 0;
        long lastLon = 0;
        for (int i = 0; i < nodes.length; i++) {
            lastId += unzigzag(readVarint(in));
            if (in.readBoolean()) {
                lastLat += unzigzag(readVarint(in));
                lastLon += unzigzag(readVarint(in));
                nodes[i] = new WayNode(lastId, true, lastLat, lastLon, readTags(in));
            } else {
                nodes[i] = new WayNode(lastId, false, 0, 0, Map.of());
            }
        }
        return new IndexedWay(id, tags, nodes);
    }

    static void writeRelation(DataOutput out, ReaderRelation relation) throws IOException {
        out.writeLong(relation.getId());
        writeTags(out, relation);
        writeVarint(out, relation.getMembers().size());
        for (ReaderRelation.Member member : relation.getMembers()) {
            out.writeByte(member.getType().ordinal());
            out.writeLong(member.getRef());
            out.writeUTF(member.getRole() == null ? "" : member.getRole());
        }
    }

    static ReaderRelation readRelation(DataInput in) throws IOException {
        ReaderRelation relation = new ReaderRelation(in.readLong());
        readTags(in).forEach(relation::setTag);
        int members = (int) readVarint(in);
        ReaderElement.Type[] types = ReaderElement.Type.values();
        for (int i = 0; i < members; i++) {
            ReaderElement.Type type = types[in.readByte()];
            long ref = in.readLong();
            relation.add(new ReaderRelation.Member(type, ref, in.readUTF()));
        }
        return relation;
    }

    private static void writeTags(DataOutput out, ReaderElement element) throws IOException {
        writeTags(out, element.getTags());
    }

    static void writeTags(DataOutput out, Map<String, Object> tags) throws IOException {
        Map<String, Object> sorted = new TreeMap<>(tags);
        writeVarint(out, sorted.size());
        for (Map.Entry<String, Object> tag : sorted.entrySet()) {
            out.writeUTF(tag.getKey());
            out.writeUTF(String.valueOf(tag.getValue()));
        }
    }

    static Map<String, Object> readTags(DataInput in) throws IOException {
        int count = (int) readVarint(in);
        if (count == 0) {
            return Map.of();
        }
        Map<String, Object> tags = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            tags.put(in.readUTF(), in.readUTF());
        }
        return tags;
    }

    static void writeVarint(DataOutput out, long value) throws IOException {
        while ((value & ~0x7fL) != 0) {
            out.writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readVarint(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IOException("malformed varint in the extract index");
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
