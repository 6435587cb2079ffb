package org.offlinepacks.routing.clip;

import com.google.protobuf.ByteString;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.openstreetmap.osmosis.osmbinary.Fileformat;
import org.openstreetmap.osmosis.osmbinary.Osmformat;

/**
 * Writes OSM PBF with the protobuf messages of {@code osmosis-osm-binary} (the same library
 * GraphHopper's reader decodes with): a header block, then blocks of at most {@value #BLOCK_SIZE}
 * dense nodes, ways or relations, zlib-compressed. Elements are written in the order given (the
 * input's sorted order) and tags in key order, so the same input gives the same bytes. Metadata
 * (versions, changesets, users) is not written: routing does not read it. Public for the benchmark
 * that writes a synthetic country extract (bench/extract/CountryExtractMaker.java).
 */
public final class OsmPbfWriter implements AutoCloseable {
    static final int BLOCK_SIZE = 8000;
    /** Coordinates in units of 100 nanodegrees, the PBF default granularity (1e-7 degree, as OSM). */
    private static final int GRANULARITY = 100;

    private enum Kind {
        NODE,
        WAY,
        RELATION
    }

    private final DataOutputStream out;
    private final List<ReaderElement> pending = new ArrayList<>(BLOCK_SIZE);
    private Kind pendingKind;

    private OsmPbfWriter(DataOutputStream out) {
        this.out = out;
    }

    public static OsmPbfWriter create(Path file, Instant dataTimestamp) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        Osmformat.HeaderBlock.Builder header = Osmformat.HeaderBlock.newBuilder()
                .addRequiredFeatures("OsmSchema-V0.6")
                .addRequiredFeatures("DenseNodes")
                .addOptionalFeatures("Sort.Type_then_ID")
                .setWritingprogram("offline-packs routing clip");
        if (dataTimestamp != null) {
            header.setOsmosisReplicationTimestamp(dataTimestamp.getEpochSecond());
        }
        OsmPbfWriter writer = new OsmPbfWriter(out);
        writer.writeBlob("OSMHeader", header.build().toByteArray());
        return writer;
    }

    public void writeNode(ReaderNode node) {
        add(Kind.NODE, node);
    }

    public void writeWay(ReaderWay way) {
        add(Kind.WAY, way);
    }

    public void writeRelation(ReaderRelation relation) {
        add(Kind.RELATION, relation);
    }

    private void add(Kind kind, ReaderElement element) {
        if (pendingKind != kind || pending.size() == BLOCK_SIZE) {
            flushBlock();
            pendingKind = kind;
        }
        pending.add(element);
    }

    private void flushBlock() {
        if (pending.isEmpty()) {
            return;
        }
        StringTable strings = new StringTable();
        Osmformat.PrimitiveGroup.Builder group = Osmformat.PrimitiveGroup.newBuilder();
        switch (pendingKind) {
            case NODE -> group.setDense(denseNodes(strings));
            case WAY -> pending.forEach(e -> group.addWays(way((ReaderWay) e, strings)));
            case RELATION -> pending.forEach(e -> group.addRelations(relation((ReaderRelation) e, strings)));
        }
        Osmformat.PrimitiveBlock block = Osmformat.PrimitiveBlock.newBuilder()
                .setStringtable(strings.build())
                .addPrimitivegroup(group)
                .setGranularity(GRANULARITY)
                .build();
        try {
            writeBlob("OSMData", block.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.clear();
    }

    private Osmformat.DenseNodes denseNodes(StringTable strings) {
        Osmformat.DenseNodes.Builder dense = Osmformat.DenseNodes.newBuilder();
        long lastId = 0;
        long lastLat = 0;
        long lastLon = 0;
        boolean anyTags = pending.stream().anyMatch(ReaderElement::hasTags);
        for (ReaderElement element : pending) {
            ReaderNode node = (ReaderNode) element;
            long lat = Math.round(node.getLat() * 1e9 / GRANULARITY);
            long lon = Math.round(node.getLon() * 1e9 / GRANULARITY);
            dense.addId(node.getId() - lastId).addLat(lat - lastLat).addLon(lon - lastLon);
            lastId = node.getId();
            lastLat = lat;
            lastLon = lon;
            if (anyTags) {
                for (Map.Entry<String, Object> tag : sortedTags(node).entrySet()) {
                    dense.addKeysVals(strings.indexOf(tag.getKey()));
                    dense.addKeysVals(strings.indexOf(String.valueOf(tag.getValue())));
                }
                dense.addKeysVals(0);
            }
        }
        return dense.build();
    }

    private static Osmformat.Way way(ReaderWay way, StringTable strings) {
        Osmformat.Way.Builder builder = Osmformat.Way.newBuilder().setId(way.getId());
        for (Map.Entry<String, Object> tag : sortedTags(way).entrySet()) {
            builder.addKeys(strings.indexOf(tag.getKey()));
            builder.addVals(strings.indexOf(String.valueOf(tag.getValue())));
        }
        long last = 0;
        for (int i = 0; i < way.getNodes().size(); i++) {
            long ref = way.getNodes().get(i);
            builder.addRefs(ref - last);
            last = ref;
        }
        return builder.build();
    }

    private static Osmformat.Relation relation(ReaderRelation relation, StringTable strings) {
        Osmformat.Relation.Builder builder = Osmformat.Relation.newBuilder().setId(relation.getId());
        for (Map.Entry<String, Object> tag : sortedTags(relation).entrySet()) {
            builder.addKeys(strings.indexOf(tag.getKey()));
            builder.addVals(strings.indexOf(String.valueOf(tag.getValue())));
        }
        long last = 0;
        for (ReaderRelation.Member member : relation.getMembers()) {
            builder.addRolesSid(strings.indexOf(member.getRole() == null ? "" : member.getRole()));
            builder.addMemids(member.getRef() - last);
            last = member.getRef();
            builder.addTypes(memberType(member.getType()));
        }
        return builder.build();
    }

    private static Osmformat.Relation.MemberType memberType(ReaderElement.Type type) {
        return switch (type) {
            case NODE -> Osmformat.Relation.MemberType.NODE;
            case WAY -> Osmformat.Relation.MemberType.WAY;
            case RELATION -> Osmformat.Relation.MemberType.RELATION;
            default -> throw new IllegalArgumentException("not a member type: " + type);
        };
    }

    private static Map<String, Object> sortedTags(ReaderElement element) {
        return new TreeMap<>(element.getTags());
    }

    private void writeBlob(String type, byte[] raw) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[Math.max(64, raw.length + raw.length / 1000 + 64)];
        int length = 0;
        while (!deflater.finished()) {
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            length += deflater.deflate(buffer, length, buffer.length - length);
        }
        deflater.end();
        byte[] blob = Fileformat.Blob.newBuilder()
                .setRawSize(raw.length)
                .setZlibData(ByteString.copyFrom(buffer, 0, length))
                .build()
                .toByteArray();
        byte[] header = Fileformat.BlobHeader.newBuilder()
                .setType(type)
                .setDatasize(blob.length)
                .build()
                .toByteArray();
        out.writeInt(header.length);
        out.write(header);
        out.write(blob);
    }

    @Override
    public void close() throws IOException {
        try {
            flushBlock();
        } catch (UncheckedIOException e) {
            out.close();
            throw e.getCause();
        }
        out.close();
    }

    /** A block's string table: index 0 is the empty string, the others in order of first use. */
    private static final class StringTable {
        private final Map<String, Integer> indexes = new HashMap<>();
        private final Osmformat.StringTable.Builder table =
                Osmformat.StringTable.newBuilder().addS(ByteString.EMPTY);

        int indexOf(String value) {
            return indexes.computeIfAbsent(value, v -> {
                table.addS(ByteString.copyFrom(v, StandardCharsets.UTF_8));
                return indexes.size() + 1;
            });
        }

        Osmformat.StringTable build() {
            return table.build();
        }
    }
}
