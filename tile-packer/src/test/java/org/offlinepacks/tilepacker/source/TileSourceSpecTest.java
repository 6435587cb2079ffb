package org.offlinepacks.tilepacker.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.offlinepacks.tilepacker.cover.TileId;
import org.offlinepacks.tilepacker.format.TileFormat;

class TileSourceSpecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
                "http://a.tile.openstreetmap.fr/hot/{z}/{x}/{y}.png",
                "https://tile.openstreetmap.de/{z}/{x}/{y}.png",
                "https://TILE.OSM.ORG/{z}/{x}/{y}.png"
            })
    void publicOsmTileServersAreRefusedWithTheUsagePolicy(String template) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileSourceSpec.parse(template));
        assertTrue(e.getMessage().contains("usage policy"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource({
        "http://127.0.0.1:8080/{z}/{x}/{y}.png, 10/516/378, http://127.0.0.1:8080/10/516/378.png",
        "http://127.0.0.1/tms/{z}/{x}/{-y}.png, 10/516/378, http://127.0.0.1/tms/10/516/645.png",
        "http://{s}.tiles.example.org/{z}/{x}/{y}.jpg, 1/0/0, http://a.tiles.example.org/1/0/0.jpg",
        "http://{s}.tiles.example.org/{z}/{x}/{y}.jpg, 1/1/0, http://b.tiles.example.org/1/1/0.jpg",
    })
    void templatesExpandToTileUrls(String template, String tile, String url) {
        XyzTemplate xyz = (XyzTemplate) TileSourceSpec.parse(template);
        assertEquals(url, xyz.uri(TileId.parse(tile)).toString());
    }

    @ParameterizedTest
    @CsvSource({"http://h/{z}/{x}/{y}.png, PNG", "http://h/{z}/{x}/{y}.jpeg?key=1, JPG", "http://h/{z}/{x}/{y}.pbf, PBF"
    })
    void formatComesFromTheExtension(String template, TileFormat format) {
        assertEquals(Optional.of(format), XyzTemplate.parse(template).formatFromExtension());
    }

    @Test
    void mbtilesSourcesAreLocalArchives() {
        assertEquals(
                new MbtilesArchive(Path.of("tiles/andorra.mbtiles")),
                TileSourceSpec.parse("mbtiles:tiles/andorra.mbtiles"));
        assertInstanceOf(XyzTemplate.class, TileSourceSpec.parse("https://tiles.example.org/{z}/{x}/{y}.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://x/{z}/{x}/{y}.png", "http://h/{z}/{x}.png", "tiles.mbtiles"})
    void unusableSourcesAreRejected(String source) {
        assertThrows(IllegalArgumentException.class, () -> TileSourceSpec.parse(source));
    }

    @Test
    void aServersCacheIdentityIsItsTemplateUnlessAFragmentNamesOne() {
        assertEquals(
                "http://127.0.0.1:40123/{z}/{x}/{y}.png",
                TileSourceSpec.parse("http://127.0.0.1:40123/{z}/{x}/{y}.png").cacheKey());
        XyzTemplate named =
                (XyzTemplate) TileSourceSpec.parse("http://127.0.0.1:40123/{z}/{x}/{y}.png#cache=demo-andorra");
        assertEquals("demo-andorra", named.cacheKey());
        assertEquals(
                "http://127.0.0.1:40123/10/516/378.png",
                named.uri(TileId.parse("10/516/378")).toString(),
                "the fragment is never sent");
        assertEquals(
                named.cacheKey(),
                TileSourceSpec.parse("http://127.0.0.1:50999/{z}/{x}/{y}.png#cache=demo-andorra")
                        .cacheKey(),
                "another port, the same source");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://h/{z}/{x}/{y}.png#other",
                "http://h/{z}/{x}/{y}.png#cache=",
                "http://h/{z}/{x}/{y}.png#cache=a b"
            })
    void anyOtherFragmentIsRejectedWithTheOneUnderstood(String source) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileSourceSpec.parse(source));
        assertTrue(e.getMessage().contains("#cache="), e.getMessage());
    }
}
