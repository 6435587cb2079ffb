package org.offlinepacks.boundarydata.campaign;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One campaign boundary: a polygon or multipolygon in WGS84 (x = lon, y = lat).
 *
 * @param version content hash of the normalized geometry, so an unchanged boundary keeps its
 *     version across imports
 */
public record Boundary(String id, String name, String parentId, Geometry geometry, String version) {
    public Boundary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(version, "version");
    }
}
