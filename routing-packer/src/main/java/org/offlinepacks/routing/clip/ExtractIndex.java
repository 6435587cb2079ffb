package org.offlinepacks.routing.clip;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.cursors.LongCursor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderRelation;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Envelope;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.clip.IndexRecords.IndexedWay;
import org.offlinepacks.routing.clip.IndexRecords.WayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OSM extract indexed for clipping, built once per extract version ({@link
 * ExtractIndexBuilder}) so that each pack's clip reads only what lies near its area, whatever the
 * extract's size. In its folder:
 *
 * <pre>
 * index.json       format, cell size, the extract's data date and element counts
 * ways.bin         every way with its nodes' positions and tags ({@link IndexRecords})
 * relations.bin    the relations routing reads (turn restrictions, routes)
 * way-ids.bin      (way id, offset in ways.bin), by id: a route's ways anywhere in the extract
 * cells.bin        per cell of {@value IndexRecords#CELL_DEGREES}°: the offsets of the ways with a
 *                  node in it, then of the relations of those ways
 * cell-dir.bin     (cell, offset in cells.bin, way count, relation count), by cell
 * </pre>
 *
 * A clip ({@link #clip}) keeps what {@link OsmClipper} keeps from the whole file (complete ways
 * with a node in the area or on a route of the pack, their nodes, the routing relations of kept
 * ways) and writes the same PBF bytes; it reads the cells that the area's envelope touches and
 * the records of route ways by id. Not thread-safe: one clip at a time per instance.
 */
public final class ExtractIndex implements AutoCloseable {
    public static final String FORMAT = "osm-index-1";
    static final String INDEX_JSON = "index.json";
    static final String WAYS = "ways.bin";
    static final String RELATIONS = "relations.bin";
    static final String WAY_IDS = "way-ids.bin";
    static final String CELLS = "cells.bin";
    static final String CELL_DIR = "cell-dir.bin";
    private static final Logger LOG = LoggerFactory.getLogger(ExtractIndex.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path folder;
    private final Instant dataTimestamp;
    private final long inputNodes;
    private final long inputWays;
    private final int[] cellIds;
    private final long[] cellOffsets;
    private final int[] cellWays;
    private final int[] cellRelations;
    private final FileChannel ways;
    private final FileChannel relations;
    private final FileChannel wayIds;
    private final FileChannel cells;
    private final long wayIdCount;

    private ExtractIndex(Path folder) throws IOException {
        this.folder = folder;
        Map<?, ?> meta = JSON.readValue(folder.resolve(INDEX_JSON).toFile(), Map.class);
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException("extract index " + folder + " has format " + meta.get("format") + ", not " + FORMAT);
        }
        Object date = meta.get("dataTimestamp");
        this.dataTimestamp = date == null ? null : Instant.parse(date.toString());
        this.inputNodes = ((Number) meta.get("nodes")).longValue();
        this.inputWays = ((Number) meta.get("ways")).longValue();
        ByteBuffer dir = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(CELL_DIR)));
        int count = dir.remaining() / 20;
        cellIds = new int[count];
        cellOffsets = new long[count];
        cellWays = new int[count];
        cellRelations = new int[count];
        for (int i = 0; i < count; i++) {
            cellIds[i] = dir.getInt();
            cellOffsets[i] = dir.getLong();
            cellWays[i] = dir.getInt();
            cellRelations[i] = dir.getInt();
        }
        ways = FileChannel.open(folder.resolve(WAYS), StandardOpenOption.READ);
        relations = FileChannel.open(folder.resolve(RELATIONS), StandardOpenOption.READ);
        wayIds = FileChannel.open(folder.resolve(WAY_IDS), StandardOpenOption.READ);
        cells = FileChannel.open(folder.resolve(CELLS), StandardOpenOption.READ);
        wayIdCount = wayIds.size() / 16;
    }

    /** Opens an index written by {@link ExtractIndexBuilder#build}. */
    public static ExtractIndex open(Path folder) throws IOException {
        return new ExtractIndex(folder);
    }

    public Path folder() {
        return folder;
    }

    /**
     * Writes to {@code output} the clip of the extract to {@code area} plus the ways in {@code
     * routeWayIds}, as {@link OsmClipper#clip} would from the whole file (progress step {@code
     * clip}, counting ways read).
     */
    public ClipResult clip(ClipArea area, LongHashSet routeWayIds, Path output, ProgressListener progress)
            throws IOException {
        long start = System.nanoTime();
        progress.begin("clip", -1);
        Envelope envelope = area.envelopeLonLat();
        LongArrayList wayOffsets = new LongArrayList();
        LongArrayList relationOffsets = new LongArrayList();
        for (int row = IndexRecords.cellRow(envelope.getMinY());
                row <= IndexRecords.cellRow(envelope.getMaxY());
                row++) {
            for (int column = IndexRecords.cellColumn(envelope.getMinX());
                    column <= IndexRecords.cellColumn(envelope.getMaxX());
                    column++) {
                readCell(IndexRecords.cell(row, column), wayOffsets, relationOffsets, true);
            }
        }
        long[] offsets = distinctSorted(wayOffsets);
        TreeMap<Long, IndexedWay> kept = new TreeMap<>();
        LongHashSet keptIds = new LongHashSet();
        long read = 0;
        long routeOnly = 0;
        for (long offset : offsets) {
            IndexedWay way = readWay(offset);
            read++;
            boolean inside = hasNodeIn(way, area);
            if (inside || routeWayIds.contains(way.id())) {
                kept.put(way.id(), way);
                keptIds.add(way.id());
                routeOnly += inside ? 0 : 1;
            }
        }
        for (LongCursor id : routeWayIds) {
            if (keptIds.contains(id.value)) {
                continue;
            }
            long offset = wayOffset(id.value);
            if (offset < 0) {
                continue; // not in the extract
            }
            IndexedWay way = readWay(offset);
            read++;
            kept.put(way.id(), way);
            keptIds.add(way.id());
            routeOnly++;
            for (int cell : cellsOf(way)) {
                readCell(cell, null, relationOffsets, false);
            }
        }
        TreeMap<Long, ReaderRelation> keptRelations = new TreeMap<>();
        for (long offset : distinctSorted(relationOffsets)) {
            ReaderRelation relation = readRelation(offset);
            if (referencesAny(relation, keptIds)) {
                keptRelations.put(relation.getId(), relation);
            }
        }
        TreeMap<Long, WayNode> nodes = new TreeMap<>();
        for (IndexedWay way : kept.values()) {
            for (WayNode node : way.nodes()) {
                if (node.present()) {
                    nodes.putIfAbsent(node.id(), node);
                }
            }
        }
        try (OsmPbfWriter writer = OsmPbfWriter.create(output, dataTimestamp)) {
            nodes.values().forEach(node -> writer.writeNode(node.toReaderNode()));
            kept.values().forEach(way -> writer.writeWay(way.toReaderWay()));
            keptRelations.values().forEach(writer::writeRelation);
        }
        progress.end("clip", read);
        LOG.info(
                "clipped from the index: read {} of {} ways, kept {} nodes, {} ways ({} outside the area for routes),"
                        + " {} relations in {} ms",
                read,
                inputWays,
                nodes.size(),
                kept.size(),
                routeOnly,
                keptRelations.size(),
                (System.nanoTime() - start) / 1_000_000);
        return new ClipResult(
                output,
                inputNodes,
                inputWays,
                nodes.size(),
                kept.size(),
                routeOnly,
                keptRelations.size(),
                dataTimestamp);
    }

    private static boolean hasNodeIn(IndexedWay way, ClipArea area) {
        for (WayNode node : way.nodes()) {
            if (node.present() && area.containsLonLat(node.lon(), node.lat())) {
                return true;
            }
        }
        return false;
    }

    private static boolean referencesAny(ReaderRelation relation, LongHashSet wayIds) {
        for (ReaderRelation.Member member : relation.getMembers()) {
            if (member.getType() == ReaderElement.Type.WAY && wayIds.contains(member.getRef())) {
                return true;
            }
        }
        return false;
    }

    private static int[] cellsOf(IndexedWay way) {
        return Arrays.stream(way.nodes())
                .filter(WayNode::present)
                .mapToInt(n -> IndexRecords.cellOf(n.lon(), n.lat()))
                .distinct()
                .toArray();
    }

    private void readCell(int cell, LongArrayList wayOffsets, LongArrayList relationOffsets, boolean withWays)
            throws IOException {
        int i = Arrays.binarySearch(cellIds, cell);
        if (i < 0) {
            return;
        }
        int wayCount = cellWays[i];
        int relationCount = cellRelations[i];
        long position = cellOffsets[i] + (withWays ? 0 : 8L * wayCount);
        int longs = (withWays ? wayCount : 0) + relationCount;
        ByteBuffer buffer = readFully(cells, position, 8 * longs);
        if (withWays) {
            for (int k = 0; k < wayCount; k++) {
                wayOffsets.add(buffer.getLong());
            }
        }
        for (int k = 0; k < relationCount; k++) {
            relationOffsets.add(buffer.getLong());
        }
    }

    /** The offset of a way's record, or -1 when the extract has no such way. */
    private long wayOffset(long id) throws IOException {
        long low = 0;
        long high = wayIdCount - 1;
        while (low <= high) {
            long middle = (low + high) >>> 1;
            ByteBuffer entry = readFully(wayIds, middle * 16, 16);
            long found = entry.getLong();
            if (found < id) {
                low = middle + 1;
            } else if (found > id) {
                high = middle - 1;
            } else {
                return entry.getLong();
            }
        }
        return -1;
    }

    private IndexedWay readWay(long offset) throws IOException {
        return IndexRecords.readWay(new DataInputStream(stream(ways, offset)));
    }

    private ReaderRelation readRelation(long offset) throws IOException {
        return IndexRecords.readRelation(new DataInputStream(stream(relations, offset)));
    }

    /** A buffered stream over a channel from a position, without moving the channel's own position. */
    private static InputStream stream(FileChannel channel, long position) {
        return new BufferedInputStream(
                new InputStream() {
                    private long at = position;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = channel.read(ByteBuffer.wrap(b, off, len), at);
                        if (n > 0) {
                            at += n;
                        }
                        return n;
                    }
                },
                4096);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the extract index is cut short at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static long[] distinctSorted(LongArrayList values) {
        long[] array = values.toArray();
        Arrays.sort(array);
        int n = 0;
        for (int i = 0; i < array.length; i++) {
            if (i == 0 || array[i] != array[i - 1]) {
                array[n++] = array[i];
            }
        }
        return Arrays.copyOf(array, n);
    }

    @Override
    public void close() throws IOException {
        ways.close();
        relations.close();
        wayIds.close();
        cells.close();
    }
}
