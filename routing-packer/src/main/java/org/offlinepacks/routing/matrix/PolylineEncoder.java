package org.offlinepacks.routing.matrix;

import com.graphhopper.jackson.ResponsePathSerializer;
import com.graphhopper.util.PointList;

/** Google's encoded polyline format (precision 1e5), the format GraphHopper itself serves. */
final class PolylineEncoder {
    private PolylineEncoder() {}

    static String encode(PointList points) {
        return ResponsePathSerializer.encodePolyline(points, false, 1e5);
    }
}
