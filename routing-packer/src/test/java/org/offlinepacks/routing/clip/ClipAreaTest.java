package org.offlinepacks.routing.clip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

class ClipAreaTest {
    private static final double METRES_PER_DEGREE = 111_320.0;

    @Test
    void bufferGrowsTheBoundaryByMetresNotDegrees() {
        // a 1 km square at 60° north, where a degree of longitude is half a degree of latitude
        double lat = 60.0;
        double dLat = 1000 / METRES_PER_DEGREE;
        double dLon = 1000 / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
        var square = new GeometryFactory().toGeometry(new Envelope(10, 10 + dLon, lat, lat + dLat));
        ClipArea area = ClipArea.around(square, 500);

        double eastEdge = 10 + dLon;
        double lonPerMetre = dLon / 1000;
        assertTrue(area.containsLonLat(eastEdge + 450 * lonPerMetre, lat + dLat / 2), "450 m east is inside");
        assertFalse(area.containsLonLat(eastEdge + 550 * lonPerMetre, lat + dLat / 2), "550 m east is outside");
        assertTrue(area.containsLonLat(10 + dLon / 2, lat + dLat + 450 / METRES_PER_DEGREE), "450 m north is inside");
        assertFalse(area.containsLonLat(10 + dLon / 2, lat + dLat + 550 / METRES_PER_DEGREE), "550 m north is out");
    }

    @Test
    void zeroBufferKeepsTheBoundaryAsItIs() {
        var square = new GeometryFactory().toGeometry(new Envelope(0, 1, 0, 1));
        ClipArea area = ClipArea.around(square, 0);
        assertTrue(area.containsLonLat(0.5, 0.5));
        assertTrue(area.containsLonLat(1, 0.5), "the edge belongs to the area");
        assertFalse(area.containsLonLat(1.001, 0.5));
        assertFalse(area.geometryLonLat().isEmpty());
        assertTrue(area.envelopeLonLat().contains(new Coordinate(0, 0)));
    }
}
