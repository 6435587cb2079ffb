package org.offlinepacks.routing.graph;

import com.graphhopper.GraphHopper;
import com.graphhopper.reader.osm.OSMReader;
import com.graphhopper.routing.ch.PrepareContractionHierarchies;
import com.graphhopper.routing.util.AllEdgesIterator;
import com.graphhopper.routing.util.AreaIndex;
import com.graphhopper.routing.util.CustomArea;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.CHConfig;
import com.graphhopper.storage.Directory;
import com.graphhopper.storage.index.LocationIndex;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.Helper;
import com.graphhopper.util.PointList;
import com.graphhopper.util.shapes.BBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.offlinepacks.boundarydata.progress.ProgressListener;

/**
 * GraphHopper with two changes a pack needs: the import date stored in the graph's properties is
 * the OSM data date rather than the wall clock (so the same input gives the same graph bytes), and
 * the import and each profile's CH preparation report progress. Its location index also uses the
 * pack's small segment size.
 */
final class PackGraphHopper extends GraphHopper {
    static final String IMPORT_DATE_KEY = "datareader.import.date";
    static final String DATA_DATE_KEY = "datareader.data.date";
    /** Prefix of {@code prepare.ch.date.<profile>} and {@code prepare.lm.date.<profile>}. */
    static final String PREPARATION_DATE_PREFIX = "prepare.";

    private final String fixedImportDate;
    private final int segmentSizeBytes;
    private final String importStep;
    private final ProgressListener progress;

    PackGraphHopper(String fixedImportDate, int segmentSizeBytes, String importStep, ProgressListener progress) {
        this.fixedImportDate = fixedImportDate;
        this.segmentSizeBytes = segmentSizeBytes;
        this.importStep = importStep;
        this.progress = progress;
    }

    @Override
    protected LocationIndex createLocationIndex(Directory dir) {
        return super.createLocationIndex(new SegmentSizeDirectory(dir, segmentSizeBytes));
    }

    /**
     * GraphHopper's own import, except that the countries' borders (the {@code country} encoded
     * value) come from {@link Countries}: GraphHopper parses and indexes them again for every
     * import, a seventh of a village pack's build.
     */
    @Override
    protected void importOSM() {
        progress.begin(importStep, -1);
        OSMReader reader = new OSMReader(getBaseGraph().getBaseGraph(), getOSMParsers(), getReaderConfig())
                .setFile(_getOSMFile())
                .setAreaIndex(Countries.INDEX)
                .setElevationProvider(getElevationProvider())
                .setCountryRuleFactory(getCountryRuleFactory());
        createBaseGraphAndProperties();
        try {
            reader.readGraph();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OSM file " + getOSMFile(), e);
        }
        boundEveryRoadPoint(getBaseGraph());
        getProperties().put(IMPORT_DATE_KEY, fixedImportDate);
        if (reader.getDataDate() != null) {
            getProperties().put(DATA_DATE_KEY, Helper.createFormatter().format(reader.getDataDate()));
        }
        progress.end(importStep, getBaseGraph().getEdges());
    }

    /**
     * GraphHopper's bounds hold the junctions only, and its router refuses a point outside them
     * ("out of bounds"): a facility snapped on the bend of a road beyond every junction could not
     * be routed from on the device. The bounds take every point of every road.
     */
    private static void boundEveryRoadPoint(BaseGraph graph) {
        BBox bounds = graph.getBounds();
        AllEdgesIterator edges = graph.getAllEdges();
        while (edges.next()) {
            PointList bends = edges.fetchWayGeometry(FetchMode.PILLAR_ONLY);
            for (int i = 0; i < bends.size(); i++) {
                bounds.update(bends.getLat(i), bends.getLon(i));
            }
        }
    }

    /** The countries' borders GraphHopper ships, read and indexed once per process. */
    private static final class Countries {
        static final AreaIndex<CustomArea> INDEX = new AreaIndex<>(GHUtility.readCountries());
    }

    /** Replaces the wall-clock dates GraphHopper records (import, each CH preparation) before writing. */
    @Override
    protected void flush() {
        for (String key : List.copyOf(getProperties().getAll().keySet())) {
            if (key.equals(IMPORT_DATE_KEY) || (key.startsWith(PREPARATION_DATE_PREFIX) && key.contains(".date."))) {
                getProperties().put(key, fixedImportDate);
            }
        }
        super.flush();
    }

    @Override
    protected Map<String, PrepareContractionHierarchies.Result> prepareCH(boolean closeEarly, List<CHConfig> configs) {
        progress.begin("ch", configs.size());
        Map<String, PrepareContractionHierarchies.Result> results = new LinkedHashMap<>();
        int done = 0;
        for (CHConfig config : configs) {
            results.putAll(super.prepareCH(closeEarly, List.of(config)));
            progress.update("ch", ++done);
        }
        progress.end("ch", done);
        return results;
    }
}
