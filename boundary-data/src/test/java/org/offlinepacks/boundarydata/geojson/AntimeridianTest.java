package org.offlinepacks.boundarydata.geojson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class AntimeridianTest {
    private static Geometry wkt(String text) throws ParseException {
        return new WKTReader().read(text);
    }

    @Test
    void aSquareWrittenAcross180SpansOneDegreeAcrossIt() throws Exception {
        Geometry across = wkt("POLYGON ((179.5 -17, -179.5 -17, -179.5 -17.5, 179.5 -17.5, 179.5 -17))");
        assertTrue(Antimeridian.isWrittenAcross(across));
        assertTrue(Antimeridian.crosses(across));
        assertArrayEquals(new double[] {179.5, 180.5}, Antimeridian.longitudeSpan(across), 1e-9);
        assertArrayEquals(
                new double[] {179.5, -17.5, 180.5, -17},
                envelope(Antimeridian.unwrap(across)),
                1e-9,
                "unwrapped: continuous longitudes past 180");
    }

    @Test
    void theSameSquareCutAt180SpansTheSame() throws Exception {
        Geometry cut = wkt("MULTIPOLYGON (((179.5 -17, 180 -17, 180 -17.5, 179.5 -17.5, 179.5 -17)),"
                + " ((-180 -17, -179.5 -17, -179.5 -17.5, -180 -17.5, -180 -17)))");
        assertFalse(Antimeridian.isWrittenAcross(cut));
        assertTrue(Antimeridian.crosses(cut));
        assertArrayEquals(new double[] {179.5, 180.5}, Antimeridian.longitudeSpan(cut), 1e-9);
    }

    @Test
    void anOrdinaryBoundaryAndABandRoundTheWorldDoNotCross() throws Exception {
        Geometry andorra = wkt("POLYGON ((1.4 42.4, 1.8 42.4, 1.8 42.7, 1.4 42.7, 1.4 42.4))");
        assertSame(andorra, Antimeridian.unwrap(andorra));
        assertFalse(Antimeridian.crosses(andorra));
        assertArrayEquals(new double[] {1.4, 1.8}, Antimeridian.longitudeSpan(andorra), 1e-9);
        Geometry world = wkt("POLYGON ((-180 -80, 180 -80, 180 80, -180 80, -180 -80))");
        assertFalse(Antimeridian.isWrittenAcross(world), "edges along ±180 are not crossings");
        assertArrayEquals(new double[] {-180, 180}, Antimeridian.longitudeSpan(world), 1e-9);
        Geometry farApart =
                wkt("MULTIPOLYGON (((-10 0, -5 0, -5 1, -10 1, -10 0)), ((100 0, 110 0, 110 1, 100 1, 100 0)))");
        assertArrayEquals(new double[] {-10, 110}, Antimeridian.longitudeSpan(farApart), 1e-9);
    }

    @Test
    void aRingRoundAPoleIsRefusedWithWhatToDo() throws Exception {
        Geometry polar = wkt("POLYGON ((-170 -80, -50 -80, 70 -80, 170 -80, -170 -80))");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Antimeridian.unwrap(polar));
        assertTrue(e.getMessage().contains("goes round a pole"), e.getMessage());
    }

    @Test
    void wrapFoldsWhatLiesPastTheEdgeBack() throws Exception {
        Geometry past = wkt("POLYGON ((170 0, 190 0, 190 1, 170 1, 170 0))");
        Geometry wrapped = Antimeridian.wrap(past, -180, 360);
        assertEquals(2, wrapped.getNumGeometries(), wrapped.toString());
        assertArrayEquals(new double[] {-180, 0, 180, 1}, envelope(wrapped), 1e-9);
        assertEquals(past.getArea(), wrapped.getArea(), 1e-9);
    }

    private static double[] envelope(Geometry g) {
        Envelope env = g.getEnvelopeInternal();
        return new double[] {env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY()};
    }
}
