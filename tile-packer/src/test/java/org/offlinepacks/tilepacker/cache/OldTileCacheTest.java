package org.offlinepacks.tilepacker.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.store.Database;
import org.offlinepacks.tilepacker.cover.TileId;

/**
 * A data folder's tile cache written before tiles were checked for completeness (no {@code checked}
 * column) opens as the database the service and `build` share, and its tiles count as unchecked.
 */
class OldTileCacheTest {
    @TempDir
    Path dir;

    @Test
    void aCacheWithoutTheCheckedColumnOpensThroughItsDatabaseAndItsTilesAreUnchecked() throws Exception {
        Path file = TileCache.fileIn(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE cached_tile (source TEXT NOT NULL, z INTEGER NOT NULL, x INTEGER NOT NULL,"
                    + " y INTEGER NOT NULL, data BLOB, etag TEXT, last_modified TEXT, fetched_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (source, z, x, y))");
            st.execute("INSERT INTO cached_tile VALUES ('s', 12, 2098, 1495, x'89504e47', 'e1', null, 1000)");
        }

        try (Database database = Database.sqlite(file, false);
                TileCache cache = TileCache.open(database)) {
            CachedTile tile = cache.get("s", new TileId(12, 2098, 1495)).orElseThrow();

            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, tile.data());
            assertFalse(tile.checked(), "written before tiles were checked");
            cache.markChecked("s", new TileId(12, 2098, 1495));
            assertTrue(cache.get("s", new TileId(12, 2098, 1495)).orElseThrow().checked());
            cache.put("s", new TileId(12, 2098, 1496), new CachedTile(new byte[] {1}, null, null, Instant.EPOCH));
        }
    }
}
