package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.campaign.SampleCampaign;
import org.offlinepacks.tilepacker.cache.TileCache;

/** The demo serves its tiles on a new port each run; the tile cache must know them as one source. */
class DemoTileCacheTest {
    @TempDir
    Path dir;

    @Test
    void aSecondDemoRunReusesTheTilesTheFirstCached() throws Exception {
        Path campaign = SampleCampaign.copyTo(dir.resolve("campaign"));
        // tiles only: routing has no bearing on the tile cache and would take most of the time
        ObjectMapper json = new ObjectMapper();
        ObjectNode settings =
                (ObjectNode) json.readTree(campaign.resolve("campaign.json").toFile());
        ((ObjectNode) settings.get("packDefaults")).remove("routing");
        json.writeValue(campaign.resolve("campaign.json").toFile(), settings);
        Path data = dir.resolve("data");

        CommandRun first =
                CommandRun.of("demo", "--campaign", campaign.toString(), "--data", data.toString(), "--build-only");
        assertEquals(0, first.exitCode(), first.err());
        List<String> sourcesAfterFirst = sources(TileCache.fileIn(data));
        long tilesAfterFirst = cachedTiles(TileCache.fileIn(data));

        CommandRun second =
                CommandRun.of("demo", "--campaign", campaign.toString(), "--data", data.toString(), "--build-only");
        assertEquals(0, second.exitCode(), second.err());

        assertEquals(1, sourcesAfterFirst.size(), sourcesAfterFirst.toString());
        assertTrue(sourcesAfterFirst.get(0).startsWith("mbtiles-sha256:"), sourcesAfterFirst.toString());
        assertEquals(sourcesAfterFirst, sources(TileCache.fileIn(data)), "the same source, whatever the port");
        assertEquals(tilesAfterFirst, cachedTiles(TileCache.fileIn(data)), "no tile cached twice");
        assertTrue(Files.exists(data.resolve("packs")));
    }

    private static List<String> sources(Path cacheFile) throws Exception {
        List<String> sources = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cacheFile);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT source FROM cached_tile ORDER BY 1")) {
            while (rs.next()) {
                sources.add(rs.getString(1));
            }
        }
        return sources;
    }

    private static long cachedTiles(Path cacheFile) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cacheFile);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM cached_tile")) {
            return rs.getLong(1);
        }
    }
}
