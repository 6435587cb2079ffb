package org.offlinepacks.tilepacker.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileFormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "89504e470d0a1a0a0000000d49484452, PNG",
        "ffd8ffe000104a464946, JPG",
        "524946462400000057454250565038, WEBP",
        "1f8b0800000000000003, PBF",
    })
    void magicBytesIdentifyTheFormat(String hex, TileFormat format) {
        assertEquals(Optional.of(format), TileFormat.detect(HexFormat.of().parseHex(hex)));
    }

    @Test
    void htmlIsNoTileFormat() {
        assertEquals(Optional.empty(), TileFormat.detect("<html>maintenance</html>".getBytes()));
    }

    @Test
    void uncompressedVectorTilesAreGzippedReproducibly() throws IOException {
        byte[] mvt = {0x1a, 0x03, 0x0a, 0x01, 0x61};
        byte[] once = TileFormat.PBF.normalize(mvt);
        assertTrue(TileFormat.PBF.matches(once));
        assertArrayEquals(once, TileFormat.PBF.normalize(mvt.clone()));
        assertArrayEquals(mvt, new GZIPInputStream(new ByteArrayInputStream(once)).readAllBytes());
    }
}
