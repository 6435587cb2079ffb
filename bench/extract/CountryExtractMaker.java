// A synthetic country-size OSM extract for the benchmarks (Java single-file source launch with the
// shaded jar on the class path): the Andorra sample extract tiled COPIES times over a grid, each
// copy shifted by its cell (copy 0 in place, then east, then the next row south). Every copy's
// elements get new ids and the file stays sorted: node ids are offset by (copy + 1) * 10^10 (OSM
// node ids are past 2^32 already), ways and relations are numbered copy * 10^4 + their rank in
// Andorra + 1, so way ids stay below 2^31 as GraphHopper's osm_way_id needs (real way ids are too). Written with the service's own PBF writer (no metadata), so the real road density, tags
// and turn restrictions of Andorra repeat across a country.
// Usage: CountryExtractMaker ANDORRA.osm.pbf COPIES OUT.osm.pbf   (prints the grid and the size)
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.OSMInputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.offlinepacks.routing.clip.OsmPbfWriter;

public class CountryExtractMaker {
    static final double LON_STEP = 0.42;
    static final double LAT_STEP = 0.26;
    static final long ID_STEP = 10_000_000_000L;
    static final long RANK_STEP = 10_000L;

    public static void main(String[] args) throws Exception {
        Path andorra = Path.of(args[0]);
        int copies = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        List<ReaderNode> nodes = new ArrayList<>();
        List<ReaderWay> ways = new ArrayList<>();
        List<ReaderRelation> relations = new ArrayList<>();
        Instant timestamp = null;
        try (OSMInputFile in = new OSMInputFile(andorra.toFile()).setWorkerThreads(2).open()) {
            for (ReaderElement e; (e = in.getNext()) != null; ) {
                switch (e.getType()) {
                    case NODE -> nodes.add((ReaderNode) e);
                    case WAY -> ways.add((ReaderWay) e);
                    case RELATION -> relations.add((ReaderRelation) e);
                    case FILEHEADER -> {
                        Object t = e.getTag("timestamp");
                        timestamp = t == null ? null : Instant.parse(t.toString());
                    }
                }
            }
        }
        java.util.Map<Long, Long> wayRank = new java.util.HashMap<>();
        for (int i = 0; i < ways.size(); i++) {
            wayRank.put(ways.get(i).getId(), i + 1L);
        }
        java.util.Map<Long, Long> relationRank = new java.util.HashMap<>();
        for (int i = 0; i < relations.size(); i++) {
            relationRank.put(relations.get(i).getId(), i + 1L);
        }
        if (ways.size() >= RANK_STEP || relations.size() >= RANK_STEP) {
            throw new IllegalArgumentException("more than " + RANK_STEP + " ways or relations in " + andorra);
        }
        int columns = columns(copies);
        try (OsmPbfWriter writer = OsmPbfWriter.create(out, timestamp)) {
            for (int copy = 0; copy < copies; copy++) {
                double dLon = (copy % columns) * LON_STEP;
                double dLat = -(copy / columns) * LAT_STEP;
                long offset = (copy + 1) * ID_STEP;
                for (ReaderNode n : nodes) {
                    writer.writeNode(new ReaderNode(n.getId() + offset, n.getLat() + dLat, n.getLon() + dLon, n.getTags()));
                }
            }
            for (int copy = 0; copy < copies; copy++) {
                long offset = (copy + 1) * ID_STEP;
                for (ReaderWay w : ways) {
                    ReaderWay shifted = new ReaderWay(copy * RANK_STEP + wayRank.get(w.getId()));
                    shifted.setTags(w.getTags());
                    for (int i = 0; i < w.getNodes().size(); i++) {
                        shifted.getNodes().add(w.getNodes().get(i) + offset);
                    }
                    writer.writeWay(shifted);
                }
            }
            for (int copy = 0; copy < copies; copy++) {
                long offset = (copy + 1) * ID_STEP;
                for (ReaderRelation r : relations) {
                    ReaderRelation shifted = new ReaderRelation(copy * RANK_STEP + relationRank.get(r.getId()));
                    shifted.setTags(r.getTags());
                    for (ReaderRelation.Member m : r.getMembers()) {
                        Long rank = switch (m.getType()) {
                            case WAY -> wayRank.get(m.getRef());
                            case RELATION -> relationRank.get(m.getRef());
                            default -> null;
                        };
                        long ref = m.getType() == ReaderElement.Type.NODE
                                ? m.getRef() + offset
                                : rank == null ? (copy + 1) * ID_STEP + m.getRef() : copy * RANK_STEP + rank;
                        shifted.add(new ReaderRelation.Member(m.getType(), ref, m.getRole()));
                    }
                    writer.writeRelation(shifted);
                }
            }
        }
        System.out.printf("%d copies of %s in %d columns (%.2f° x %.2f° each): %d nodes, %d ways, %d relations,"
                        + " %,d bytes%n",
                copies, andorra.getFileName(), columns, LON_STEP, LAT_STEP, (long) copies * nodes.size(),
                (long) copies * ways.size(), (long) copies * relations.size(), Files.size(out));
    }

    /** The grid's columns: about square in degrees. */
    static int columns(int copies) {
        return (int) Math.ceil(Math.sqrt(copies * LAT_STEP / LON_STEP));
    }
}
