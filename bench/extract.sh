#!/usr/bin/env bash
# Archive extraction benchmark (one command): the tiles of a country-sized polygon (z5-14, about
# 271,000 distinct ~4 KB PNGs, a 1.3 GB file) extracted from a local MBTiles archive by
# `offline-packs tiles --source mbtiles:…` with a 256 MB heap, against a plain
# `sqlite3 INSERT … SELECT` copy of the same rows into the same schema; interleaved pairs
# (ours, sqlite3, ours, sqlite3, …), medians, the load average before each run. Also the same
# extraction from a flat `tiles` archive, which goes through the tile-by-tile writer.
# Usage: bench/extract.sh [--record] [--pairs N]   (needs Java 17, sqlite3; builds what it misses)
# Works under bench/work/extract (git-ignored; the archives are kept between runs);
# --record replaces the "## Archive extraction" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/args.sh
bench_args 5 "$@"
MIN_ZOOM=${MIN_ZOOM:-5}
MAX_ZOOM=${MAX_ZOOM:-14}
HEAP=${HEAP:-256m}
command -v sqlite3 >/dev/null || { echo "sqlite3 not found: apt-get install sqlite3" >&2; exit 1; }
JAR=api/target/offline-packs.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=bench/work/extract
mkdir -p "$WORK"
cp "$JAR" "$WORK/offline-packs.jar" # others may rebuild api/target while this runs
J="$WORK/offline-packs.jar"
RESULTS="$WORK/runs.tsv"
: > "$RESULTS"
source bench/lib/pairs.sh

python3 bench/tiles/country_polygon.py "$WORK/country.geojson"
ARCHIVE="$WORK/archive-z$MIN_ZOOM-$MAX_ZOOM.mbtiles"
FLAT="$WORK/flat-z$MIN_ZOOM-$MAX_ZOOM.mbtiles"
if [ ! -f "$ARCHIVE" ]; then
  echo "making $ARCHIVE ..." >&2
  java -Xmx512m -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$J" bench/extract/ArchiveMaker.java \
    "$WORK/country.geojson" "$MIN_ZOOM" "$MAX_ZOOM" "$ARCHIVE.tmp" && mv "$ARCHIVE.tmp" "$ARCHIVE"
fi
if [ ! -f "$FLAT" ]; then
  rm -f "$FLAT.tmp"
  sqlite3 "$FLAT.tmp" "PRAGMA journal_mode=OFF; ATTACH '$ARCHIVE' AS a;
    CREATE TABLE metadata (name TEXT, value TEXT); INSERT INTO metadata SELECT * FROM a.metadata;
    CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
    INSERT INTO tiles SELECT * FROM a.tiles ORDER BY 1, 2, 3;
    CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);" >/dev/null
  mv "$FLAT.tmp" "$FLAT"
fi
TILES=$(sqlite3 "$ARCHIVE" "SELECT count(*) FROM map")

ours() { # archive output
  rm -f "$2"
  java -Xmx$HEAP -jar "$J" tiles --boundary-file "$WORK/country.geojson" --source "mbtiles:$1" \
    --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" --max-tiles 100000000 --name bench --out "$2" \
    >"$WORK/ours.log" 2>&1
}
peer() { # the same rows, the same schema, plain INSERT … SELECT
  rm -f "$WORK/sqlite3.mbtiles"
  sqlite3 "$WORK/sqlite3.mbtiles" "PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
    ATTACH '$ARCHIVE' AS a;
    CREATE TABLE map (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL,
      tile_id INTEGER NOT NULL, PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;
    CREATE TABLE images (tile_id INTEGER PRIMARY KEY, tile_data BLOB NOT NULL);
    INSERT INTO images SELECT * FROM a.images; INSERT INTO map SELECT * FROM a.map;" >/dev/null
}

export -f ours peer
export J WORK HEAP MIN_ZOOM MAX_ZOOM ARCHIVE
for pair in $(seq 1 "$PAIRS"); do
  echo "pair $pair/$PAIRS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  run_timed "offline-packs tiles, map/images archive (-Xmx$HEAP)" "$pair" ours "$ARCHIVE" "$WORK/ours.mbtiles"
  run_timed "sqlite3 INSERT … SELECT" "$pair" peer
  run_timed "offline-packs tiles, flat tiles archive (-Xmx$HEAP)" "$pair" ours "$FLAT" "$WORK/ours-flat.mbtiles"
done
OURS_TILES=$(sqlite3 "$WORK/ours.mbtiles" "SELECT count(*) FROM tiles")
FLAT_TILES=$(sqlite3 "$WORK/ours-flat.mbtiles" "SELECT count(*) FROM tiles")
PEER_TILES=$(sqlite3 "$WORK/sqlite3.mbtiles" "SELECT count(*) FROM map")
[ "$OURS_TILES" = "$TILES" ] && [ "$FLAT_TILES" = "$TILES" ] && [ "$PEER_TILES" = "$TILES" ] \
  || { echo "tile counts differ: ours $OURS_TILES, flat $FLAT_TILES, sqlite3 $PEER_TILES, archive $TILES" >&2; exit 1; }
SAME=$(cmp -s "$WORK/ours.mbtiles" "$WORK/ours-flat.mbtiles" && echo "byte-identical" || echo "the same tiles")
OURS_LABEL="offline-packs tiles, map/images archive (-Xmx$HEAP)"
RATIO=$(python3 bench/lib/summary.py "$RESULTS" --ratio "$OURS_LABEL" "sqlite3 INSERT … SELECT")

OUT="$WORK/result.md"
{
  echo "## Archive extraction"
  echo
  echo "\`bench/extract.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(machine_line), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/SQLite /');"
  echo "$PAIRS interleaved pairs; the load average before each run is in the last column (2 cores: above 2, the runs"
  echo "waited for CPU)."
  echo
  echo "Archive: every tile of the country-sized polygon of bench/tiles/country_polygon.py at z$MIN_ZOOM-$MAX_ZOOM,"
  echo "$(printf "%'d" "$TILES") distinct PNGs of about 4 KB ($(du -m "$ARCHIVE" | cut -f1) MB, map/images; made by bench/extract/ArchiveMaker.java)."
  echo
  python3 bench/lib/summary.py "$RESULTS" --per "$TILES" tiles
  echo
  echo "Ours over sqlite3 in throughput (median wall times): **$(python3 -c "print(round(100 * $RATIO))")%**. Both write $(du -m "$WORK/ours.mbtiles" | cut -f1) MB;"
  echo "the two extractions of ours give $SAME (tiles compared by count)."
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py "Archive extraction" "$OUT"
fi
