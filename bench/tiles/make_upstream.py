"""Builds the benchmark's upstream MBTiles: every tile of the cover exists, each a real PNG from
the Andorra sample (the tile itself, else its nearest ancestor), so sizes are realistic."""
import sqlite3
import sys

sample_path, cover_path, out_path = sys.argv[1:4]
sample = sqlite3.connect(sample_path)
tiles = {}
for z, x, row, data in sample.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
    tiles[(z, x, (1 << z) - 1 - row)] = data

out = sqlite3.connect(out_path)
out.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
out.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
out.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
for name, value in [("name", "bench upstream"), ("format", "png"), ("minzoom", "0"), ("maxzoom", "22"),
                    ("bounds", "1.40,42.42,1.80,42.67"), ("attribution", "© OpenStreetMap contributors")]:
    out.execute("INSERT INTO metadata VALUES (?, ?)", (name, value))
count = 0
with open(cover_path) as lines:
    for line in lines:
        z, x, y = map(int, line.strip().split("/"))
        tz, tx, ty = z, x, y
        while (tz, tx, ty) not in tiles and tz > 0:
            tz, tx, ty = tz - 1, tx // 2, ty // 2
        data = tiles.get((tz, tx, ty))
        if data is None:
            continue
        out.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, data))
        count += 1
out.commit()
print(f"upstream: {count} tiles")
