package org.offlinepacks.tilepacker.cover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileMathTest {

    @ParameterizedTest(name = "lon {0} lat {1} z{2} -> {3}/{4}")
    @CsvSource({
        // lon, lat, zoom, x, y (XYZ)
        "0, 0, 0, 0, 0",
        "0, 0, 3, 4, 4",
        "-0.0001, 0.0001, 1, 0, 0",
        "1.5218, 42.5063, 10, 516, 378",
        "1.5218, 42.5063, 15, 16522, 12101",
        "-77.0323, 38.9132, 10, 292, 391",
        "13.405, 52.52, 12, 2200, 1343",
        "151.2093, -33.8688, 14, 15073, 9831",
        "-180, 89.9, 5, 0, 0",
        "180, -89.9, 5, 31, 31",
    })
    void pointsFallInTheExpectedTile(double lon, double lat, int zoom, int x, int y) {
        assertEquals(new TileId(zoom, x, y), WebMercator.tileAt(lon, lat, zoom));
    }

    @ParameterizedTest(name = "z{0} y {1} <-> tms row {2}")
    @CsvSource({"0, 0, 0", "1, 0, 1", "1, 1, 0", "10, 378, 645", "15, 12101, 20666", "22, 0, 4194303"})
    void xyzRowsMapToTmsRows(int zoom, int y, int tmsRow) {
        TileId tile = new TileId(zoom, 0, y);
        assertEquals(tmsRow, tile.tmsRow());
        assertEquals(tile, TileId.fromTms(zoom, 0, tmsRow));
    }

    @Test
    void xyzTmsRoundTripForRandomTiles() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            int z = random.nextInt(TileId.MAX_ZOOM + 1);
            int n = 1 << z;
            TileId tile = new TileId(z, random.nextInt(n), random.nextInt(n));
            TileId back = TileId.fromTms(z, tile.x(), tile.tmsRow());
            assertEquals(tile, back, "seed " + seed);
            assertEquals(tile, TileId.parse(tile.toString()), "seed " + seed);
        }
    }

    @Test
    void latitudesBeyondTheMercatorLimitAreClamped() {
        assertEquals(0.0, WebMercator.worldY(90), 1e-12);
        assertEquals(1.0, WebMercator.worldY(-90), 1e-12);
        assertEquals(WebMercator.MAX_LAT, WebMercator.lat(0), 1e-9);
    }

    @Test
    void tileEdgesContainTheirPoints() {
        TileId tile = WebMercator.tileAt(1.5218, 42.5063, 12);
        assertTrue(tile.westLon() <= 1.5218 && 1.5218 < tile.eastLon());
        assertTrue(tile.southLat() <= 42.5063 && 42.5063 < tile.northLat());
    }

    @Test
    void tilesOutsideTheGridAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TileId(2, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new TileId(25, 0, 0));
    }
}
