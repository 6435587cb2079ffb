package org.offlinepacks.routing.clip;

import com.carrotsearch.hppc.IntHashSet;
import com.carrotsearch.hppc.IntObjectHashMap;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.cursors.IntCursor;
import com.carrotsearch.hppc.cursors.LongCursor;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.SkipOptions;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.routing.clip.IndexRecords.WayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an {@link ExtractIndex} from a sorted OSM extract, streaming, in memory that does not
 * depend on the number of nodes: a first pass keeps the routing relations (and which ways they
 * name); a second writes every node to a fixed-size record file in id order (the extract is
 * sorted), then gives each way its nodes' positions by looking them up there (a sparse index of
 * ids in memory, a small cache of blocks), and files each way under the cells of its nodes. What
 * memory grows with is the number of ways (one offset per way and cell). Progress step {@code
 * extract-index} counts the elements read.
 */
public final class ExtractIndexBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractIndexBuilder.class);
    /** id, lat E7, lon E7, offset of the tags (or -1) */
    private static final int NODE_RECORD = 8 + 4 + 4 + 8;

    private static final int NODES_PER_BLOCK = 1024;
    private static final int CACHED_BLOCKS = 256;
    private static final int PROGRESS_INTERVAL = 100_000;
    private static final int TAG_BLOCK = 64 * 1024;

    private final Path input;
    private final Path folder;
    private final ProgressListener progress;
    /** (way id, relation offset) of every way a routing relation names, sorted by way id after the first pass. */
    private final LongArrayList memberWayIds = new LongArrayList();

    private final LongArrayList memberRelations = new LongArrayList();
    /** Ways come in id order: the first pair not yet passed. */
    private int memberCursor;

    private final IntObjectHashMap<LongArrayList> waysByCell = new IntObjectHashMap<>();
    private final IntObjectHashMap<LongHashSet> relationsByCell = new IntObjectHashMap<>();
    private long elements;

    private ExtractIndexBuilder(Path input, Path folder, ProgressListener progress) {
        this.input = input;
        this.folder = folder;
        this.progress = progress;
    }

    /** Indexes {@code input} into the empty (or new) folder {@code folder}. */
    public static void build(Path input, Path folder, ProgressListener progress) throws IOException {
        new ExtractIndexBuilder(input, folder, progress).build();
    }

    private void build() throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(folder);
        progress.begin("extract-index", -1);
        OsmClipper reader = new OsmClipper(Runtime.getRuntime().availableProcessors());
        writeRelations(reader);
        Instant[] timestamp = new Instant[1];
        long[] counts = new long[2];
        Path nodeFile = folder.resolve("nodes.tmp");
        Path nodeTagFile = folder.resolve("node-tags.tmp");
        try (NodeStore nodes = new NodeStore(nodeFile, nodeTagFile);
                LongCountingStream ways = output(folder.resolve(ExtractIndex.WAYS));
                DataOutputStream wayIds = output(folder.resolve(ExtractIndex.WAY_IDS))) {
            boolean[] waysStarted = new boolean[1];
            reader.read(input, new SkipOptions(false, false, true), element -> {
                tick();
                try {
                    switch (element.getType()) {
                        case FILEHEADER -> timestamp[0] = OsmClipper.headerTimestamp(element);
                        case NODE -> {
                            if (waysStarted[0]) {
                                throw new OsmClipper.UnsortedInputException(input, element.getId());
                            }
                            counts[0]++;
                            nodes.add((ReaderNode) element);
                        }
                        case WAY -> {
                            if (!waysStarted[0]) {
                                waysStarted[0] = true;
                                nodes.finishWriting();
                            }
                            counts[1]++;
                            ReaderWay way = (ReaderWay) element;
                            long offset = ways.longSize();
                            WayNode[] wayNodes = nodes.resolve(way);
                            IndexRecords.writeWay(ways, way, wayNodes);
                            wayIds.writeLong(way.getId());
                            wayIds.writeLong(offset);
                            file(way.getId(), offset, wayNodes);
                        }
                        default -> {}
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            Files.deleteIfExists(nodeFile);
            Files.deleteIfExists(nodeTagFile);
        }
        writeCells();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", ExtractIndex.FORMAT);
        meta.put("cellDegrees", IndexRecords.CELL_DEGREES);
        meta.put("dataTimestamp", timestamp[0] == null ? null : timestamp[0].toString());
        meta.put("nodes", counts[0]);
        meta.put("ways", counts[1]);
        meta.put("cells", waysByCell.size());
        ExtractIndex.JSON.writeValue(folder.resolve(ExtractIndex.INDEX_JSON).toFile(), meta);
        progress.end("extract-index", elements);
        LOG.info(
                "indexed {}: {} nodes, {} ways in {} cells, in {} ms",
                input.getFileName(),
                counts[0],
                counts[1],
                waysByCell.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** First pass: the routing relations, and for each way they name, where they are. */
    private void writeRelations(OsmClipper reader) throws IOException {
        try (LongCountingStream out = output(folder.resolve(ExtractIndex.RELATIONS))) {
            reader.read(input, new SkipOptions(true, true, false), element -> {
                tick();
                if (element.getType() != ReaderElement.Type.RELATION
                        || !OsmClipper.isRoutingRelation((ReaderRelation) element)) {
                    return;
                }
                ReaderRelation relation = (ReaderRelation) element;
                long offset = out.longSize();
                try {
                    IndexRecords.writeRelation(out, relation);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (ReaderRelation.Member member : relation.getMembers()) {
                    if (member.getType() == ReaderElement.Type.WAY) {
                        memberWayIds.add(member.getRef());
                        memberRelations.add(offset);
                    }
                }
            });
        }
        sortMembersByWay();
    }

    /** Sorts the (way id, relation offset) pairs by way id, both lists together, in place (heapsort). */
    private void sortMembersByWay() {
        long[] ids = memberWayIds.buffer;
        long[] relations = memberRelations.buffer;
        int n = memberWayIds.size();
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(ids, relations, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(ids, relations, 0, end);
            siftDown(ids, relations, 0, end);
        }
    }

    private static void siftDown(long[] ids, long[] relations, int root, int n) {
        while (true) {
            int child = 2 * root + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && ids[child + 1] > ids[child]) {
                child++;
            }
            if (ids[root] >= ids[child]) {
                return;
            }
            swap(ids, relations, root, child);
            root = child;
        }
    }

    private static void swap(long[] ids, long[] relations, int i, int j) {
        long id = ids[i];
        ids[i] = ids[j];
        ids[j] = id;
        long relation = relations[i];
        relations[i] = relations[j];
        relations[j] = relation;
    }

    /** The offsets of the routing relations that name this way; ways must be asked in id order. */
    private LongArrayList relationsOf(long wayId) {
        while (memberCursor < memberWayIds.size() && memberWayIds.get(memberCursor) < wayId) {
            memberCursor++;
        }
        LongArrayList found = null;
        for (int i = memberCursor; i < memberWayIds.size() && memberWayIds.get(i) == wayId; i++) {
            if (found == null) {
                found = new LongArrayList(2);
            }
            found.add(memberRelations.get(i));
        }
        return found;
    }

    /** Files a way (and the routing relations that name it) under the cells of its nodes. */
    private void file(long wayId, long offset, WayNode[] nodes) {
        IntHashSet cells = new IntHashSet();
        for (WayNode node : nodes) {
            if (node.present()) {
                cells.add(IndexRecords.cellOf(node.lon(), node.lat()));
            }
        }
        LongArrayList relations = relationsOf(wayId);
        for (IntCursor cell : cells) {
            add(waysByCell, cell.value, offset);
            if (relations != null) {
                LongHashSet inCell = relationsByCell.get(cell.value);
                if (inCell == null) {
                    inCell = new LongHashSet(4);
                    relationsByCell.put(cell.value, inCell);
                }
                for (LongCursor relation : relations) {
                    inCell.add(relation.value);
                }
            }
        }
    }

    private static void add(IntObjectHashMap<LongArrayList> map, int key, long value) {
        LongArrayList list = map.get(key);
        if (list == null) {
            list = new LongArrayList(4);
            map.put(key, list);
        }
        list.add(value);
    }

    private void writeCells() throws IOException {
        int[] cells = waysByCell.keys().toArray();
        Arrays.sort(cells);
        try (LongCountingStream data = output(folder.resolve(ExtractIndex.CELLS));
                DataOutputStream dir = output(folder.resolve(ExtractIndex.CELL_DIR))) {
            for (int cell : cells) {
                long[] ways = waysByCell.get(cell).toArray();
                LongHashSet relationSet = relationsByCell.get(cell);
                long[] relations = relationSet == null ? new long[0] : sorted(relationSet.toArray());
                dir.writeInt(cell);
                dir.writeLong(data.longSize());
                dir.writeInt(ways.length);
                dir.writeInt(relations.length);
                for (long way : ways) {
                    data.writeLong(way);
                }
                for (long relation : relations) {
                    data.writeLong(relation);
                }
            }
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("a temporary file of the index is cut short");
            }
        }
        return buffer.flip();
    }

    private static long[] sorted(long[] values) {
        Arrays.sort(values);
        return values;
    }

    private void tick() {
        if (++elements % PROGRESS_INTERVAL == 0) {
            progress.update("extract-index", elements);
        }
    }

    private static LongCountingStream output(Path file) throws IOException {
        return new LongCountingStream(
                new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)));
    }

    /** Counts the bytes that go through it, past 2 GB. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A DataOutputStream whose size does not wrap at 2 GB ({@link DataOutputStream#size()} does). */
    private static final class LongCountingStream extends DataOutputStream {
        private final CountingStream counter;

        LongCountingStream(CountingStream counter) {
            super(counter);
            this.counter = counter;
        }

        long longSize() {
            return counter.count;
        }
    }

    /**
     * The extract's nodes as fixed-size records in id order, then looked up by id: binary search in
     * a sparse in-memory index (every {@value #NODES_PER_BLOCK}th id), then in a block read from disk
     * and kept in a small cache (the nodes of one way are usually close in id).
     */
    private static final class NodeStore implements AutoCloseable {
        private final Path file;
        private final DataOutputStream out;
        private final LongCountingStream tags;
        private final LongArrayList blockFirstIds = new LongArrayList();
        private final Map<Integer, ByteBuffer> cache = new LinkedHashMap<>(CACHED_BLOCKS, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ByteBuffer> eldest) {
                return size() > CACHED_BLOCKS;
            }
        };
        private final Path tagFile;
        private final Map<Long, ByteBuffer> tagCache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ByteBuffer> eldest) {
                return size() > 64;
            }
        };
        private FileChannel records;
        private FileChannel tagRecords;
        private long count;
        private long lastId = Long.MIN_VALUE;

        NodeStore(Path file, Path tagFile) throws IOException {
            this.file = file;
            this.tagFile = tagFile;
            this.out = output(file);
            this.tags = output(tagFile);
        }

        void add(ReaderNode node) throws IOException {
            if (node.getId() <= lastId) {
                throw new IOException("node " + node.getId() + " follows node " + lastId
                        + ": the extract is not sorted by id; sort it first, e.g. `osmium sort`");
            }
            lastId = node.getId();
            if (count % NODES_PER_BLOCK == 0) {
                blockFirstIds.add(node.getId());
            }
            out.writeLong(node.getId());
            out.writeInt((int) IndexRecords.e7(node.getLat()));
            out.writeInt((int) IndexRecords.e7(node.getLon()));
            if (node.hasTags()) {
                out.writeLong(tags.longSize());
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                IndexRecords.writeTags(new DataOutputStream(bytes), node.getTags());
                tags.writeInt(bytes.size());
                bytes.writeTo(tags);
            } else {
                out.writeLong(-1);
            }
            count++;
        }

        void finishWriting() throws IOException {
            out.close();
            tags.close();
            records = FileChannel.open(file, StandardOpenOption.READ);
            tagRecords = FileChannel.open(tagFile, StandardOpenOption.READ);
        }

        WayNode[] resolve(ReaderWay way) throws IOException {
            if (records == null) {
                finishWriting(); // a file with ways but no node
            }
            WayNode[] nodes = new WayNode[way.getNodes().size()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = find(way.getNodes().get(i));
            }
            return nodes;
        }

        private WayNode find(long id) throws IOException {
            int block = blockOf(id);
            if (block >= 0) {
                ByteBuffer data = block(block);
                int low = 0;
                int high = data.limit() / NODE_RECORD - 1;
                while (low <= high) {
                    int middle = (low + high) >>> 1;
                    long found = data.getLong(middle * NODE_RECORD);
                    if (found < id) {
                        low = middle + 1;
                    } else if (found > id) {
                        high = middle - 1;
                    } else {
                        int at = middle * NODE_RECORD;
                        long tagOffset = data.getLong(at + 16);
                        return new WayNode(
                                id,
                                true,
                                data.getInt(at + 8),
                                data.getInt(at + 12),
                                tagOffset < 0 ? Map.of() : tags(tagOffset));
                    }
                }
            }
            return new WayNode(id, false, 0, 0, Map.of());
        }

        private int blockOf(long id) {
            int low = 0;
            int high = blockFirstIds.size() - 1;
            int found = -1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (blockFirstIds.get(middle) <= id) {
                    found = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            return found;
        }

        private ByteBuffer block(int block) throws IOException {
            ByteBuffer cached = cache.get(block);
            if (cached != null) {
                return cached;
            }
            long position = (long) block * NODES_PER_BLOCK * NODE_RECORD;
            int length = (int) Math.min((long) NODES_PER_BLOCK * NODE_RECORD, count * NODE_RECORD - position);
            ByteBuffer data = readFully(records, position, length);
            cache.put(block, data);
            return data;
        }

        private Map<String, Object> tags(long offset) throws IOException {
            int length = ByteBuffer.wrap(tagBytes(offset, 4)).getInt();
            return IndexRecords.readTags(new DataInputStream(new ByteArrayInputStream(tagBytes(offset + 4, length))));
        }

        /** Bytes of the tag file, through a small cache of blocks (tags are read in about node order). */
        private byte[] tagBytes(long offset, int length) throws IOException {
            byte[] bytes = new byte[length];
            int done = 0;
            while (done < length) {
                long block = (offset + done) / TAG_BLOCK;
                ByteBuffer data = tagCache.get(block);
                if (data == null) {
                    long position = block * TAG_BLOCK;
                    data = readFully(tagRecords, position, (int) Math.min(TAG_BLOCK, tagRecords.size() - position));
                    tagCache.put(block, data);
                }
                int from = (int) (offset + done - block * TAG_BLOCK);
                int n = Math.min(length - done, data.limit() - from);
                data.get(from, bytes, done, n);
                done += n;
            }
            return bytes;
        }

        @Override
        public void close() throws IOException {
            if (records == null) {
                out.close();
                tags.close();
            } else {
                records.close();
                tagRecords.close();
            }
        }
    }
}
