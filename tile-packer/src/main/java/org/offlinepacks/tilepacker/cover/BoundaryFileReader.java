package org.offlinepacks.tilepacker.cover;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.offlinepacks.boundarydata.campaign.BoundaryReader;

/**
 * The polygon of a boundaries file given on the command line: the feature asked for, or the union of
 * all. Reading and validation (with repairs and their warnings) are boundary-data's.
 */
public final class BoundaryFileReader {
    private BoundaryFileReader() {}

    /** @param featureId the feature to take, or null for the union of all features */
    public static Geometry read(Path file, String featureId) {
        Map<String, Geometry> boundaries = BoundaryReader.readGeometries(file);
        List<Geometry> chosen = featureId == null
                ? List.copyOf(boundaries.values())
                : boundaries.containsKey(featureId) ? List.of(boundaries.get(featureId)) : List.of();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(
                    featureId == null
                            ? file + " has no Polygon or MultiPolygon feature"
                            : file + " has no feature with id '" + featureId + "'; ids are " + boundaries.keySet());
        }
        return chosen.size() == 1 ? chosen.get(0) : UnaryUnionOp.union(chosen);
    }
}
