package org.offlinepacks.tilepacker.source;

import java.nio.file.Path;

/** Where tiles come from, parsed from a source string: an XYZ URL template or {@code mbtiles:PATH}. */
public sealed interface TileSourceSpec permits XyzTemplate, MbtilesArchive {
    String MBTILES_PREFIX = "mbtiles:";

    /**
     * The source's identity in the shared tile cache: an XYZ template as given (or the name its
     * {@code #cache=NAME} gives), an archive's absolute path.
     */
    String cacheKey();

    /**
     * Parses a source string. Throws IllegalArgumentException with what to do when it is not
     * usable, including public OSM tile servers (usage policy).
     */
    static TileSourceSpec parse(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("tile source is empty: give an XYZ URL template"
                    + " (https://host/{z}/{x}/{y}.png) or mbtiles:PATH");
        }
        String s = source.trim();
        if (s.startsWith(MBTILES_PREFIX)) {
            return new MbtilesArchive(Path.of(s.substring(MBTILES_PREFIX.length())));
        }
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return XyzTemplate.parse(s);
        }
        throw new IllegalArgumentException(
                "tile source '" + source + "' is neither an http(s) XYZ URL template" + " nor mbtiles:PATH");
    }
}
