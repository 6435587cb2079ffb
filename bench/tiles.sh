#!/usr/bin/env bash
# Tile benchmark, one command: bench/tiles.sh [--record] [--pairs N]
# (needs the jar and its launcher: ./mvnw package; apt-get install mapproxy sqlite3)
#  1. A 20,000-tile job (the country polygon of bench/tiles/country_polygon.py scaled by 1.06, z5-12)
#     from one local upstream (serve-tiles on 127.0.0.1 over an archive holding every tile of the
#     cover as a distinct ~4 KB PNG), this service (`offline-packs tiles`, cold cache) against
#     mapproxy-seed (coverage from the same GeoJSON, MBTiles cache, no meta tiles, 4 processes),
#     in interleaved pairs; wall time, CPU time and CPU per tile (the upstream's own CPU is in
#     neither). Then the same job again from a warm cache.
# (`cover --count` as a whole process against @mapbox/tile-cover is bench/cover.sh.)
# Medians of the pairs, with the load average before each run. Everything runs under bench/work/tiles
# (git-ignored). Results: bench/work/tiles/result.md; --record replaces "## Tiles" in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/args.sh
bench_args 3 "$@"
MIN_ZOOM=${MIN_ZOOM:-5}
MAX_ZOOM=${MAX_ZOOM:-12}
SCALE=${SCALE:-1.06}
CONCURRENCY=${CONCURRENCY:-8}
MAPPROXY_PROCESSES=${MAPPROXY_PROCESSES:-4}
PY=/usr/bin/python3   # mapproxy's own interpreter
for tool in mapproxy-seed sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install mapproxy sqlite3)" >&2; exit 1; }
done
[ -x api/target/offline-packs ] || ./mvnw -q -B package -DskipTests
WORK=$(pwd)/bench/work/tiles
rm -rf "$WORK" && mkdir -p "$WORK"
source bench/lib/launcher.sh
install_launcher "$WORK"
OURS="$WORK/offline-packs"
RESULTS="$WORK/runs.tsv"
: > "$RESULTS"
source bench/lib/pairs.sh

echo "== upstream: every tile of the cover z$MIN_ZOOM-$MAX_ZOOM" >&2
$PY bench/tiles/country_polygon.py "$WORK/job.geojson" "$SCALE"
java -Xmx512m -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$WORK/offline-packs.jar" \
  bench/extract/ArchiveMaker.java "$WORK/job.geojson" "$MIN_ZOOM" "$MAX_ZOOM" "$WORK/upstream.mbtiles" >&2
TILES=$(sqlite3 "$WORK/upstream.mbtiles" "SELECT count(*) FROM tiles")
java -jar "$WORK/offline-packs.jar" serve-tiles --mbtiles "$WORK/upstream.mbtiles" --port 0 > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q '^Serving' "$WORK/serve.log" && break; sleep 0.5; done
TEMPLATE=$(grep '^Serving' "$WORK/serve.log" | sed 's/.* at //')
PORT=$(echo "$TEMPLATE" | sed -E 's#http://127.0.0.1:([0-9]+)/.*#\1#')
echo "upstream at $TEMPLATE ($TILES tiles)" >&2

cat > "$WORK/mapproxy.yaml" <<YAML
services:
  tms:
layers:
  - name: bench
    title: bench
    sources: [bench_cache]
caches:
  bench_cache:
    grids: [GLOBAL_WEBMERCATOR]
    sources: [upstream]
    meta_size: [1, 1]
    meta_buffer: 0
    format: image/png
    cache:
      type: mbtiles
      filename: $WORK/mapproxy.mbtiles
sources:
  upstream:
    type: tile
    grid: GLOBAL_WEBMERCATOR
    url: http://127.0.0.1:$PORT/%(z)s/%(x)s/%(y)s.png
    http:
      client_timeout: 30
YAML
cat > "$WORK/seed.yaml" <<YAML
seeds:
  bench:
    caches: [bench_cache]
    coverages: [boundary]
    levels:
      from: $MIN_ZOOM
      to: $MAX_ZOOM
coverages:
  boundary:
    datasource: $WORK/job.geojson
    srs: 'EPSG:4326'
YAML

ours_cold() {
  rm -rf "$WORK/ours-data" "$WORK/ours.mbtiles"
  "$OURS" tiles --boundary-file "$WORK/job.geojson" --source "$TEMPLATE" --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" \
    --max-tiles 1000000 --concurrency "$CONCURRENCY" --name bench --data-dir "$WORK/ours-data" --out "$WORK/ours.mbtiles" \
    > "$WORK/ours.log" 2>&1
}
ours_warm() {
  "$OURS" tiles --boundary-file "$WORK/job.geojson" --source "$TEMPLATE" --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" \
    --max-tiles 1000000 --concurrency "$CONCURRENCY" --name bench --data-dir "$WORK/ours-data" \
    --out "$WORK/ours-warm.mbtiles" > "$WORK/ours-warm.log" 2>&1
}
mapproxy() {
  rm -f "$WORK/mapproxy.mbtiles"
  mapproxy-seed -f "$WORK/mapproxy.yaml" -s "$WORK/seed.yaml" -c "$MAPPROXY_PROCESSES" --seed ALL > "$WORK/mapproxy.log" 2>&1
}
export -f ours_cold ours_warm mapproxy
export WORK OURS TEMPLATE MIN_ZOOM MAX_ZOOM CONCURRENCY MAPPROXY_PROCESSES
OURS_LABEL="offline-packs tiles, cold cache ($CONCURRENCY in flight)"
MP_LABEL="mapproxy-seed -c $MAPPROXY_PROCESSES (MBTiles cache)"
WARM_LABEL="offline-packs tiles, warm cache"
for pair in $(seq 1 "$PAIRS"); do
  echo "== fetch pair $pair/$PAIRS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  run_timed "$OURS_LABEL" "$pair" ours_cold
  run_timed "$MP_LABEL" "$pair" mapproxy
  run_timed "$WARM_LABEL" "$pair" ours_warm
done
kill $SERVER_PID 2>/dev/null || true
OURS_TILES=$(sqlite3 "$WORK/ours.mbtiles" "SELECT count(*) FROM tiles")
MP_TILES=$(sqlite3 "$WORK/mapproxy.mbtiles" "SELECT count(*) FROM tiles")
SAME=$(cmp -s "$WORK/ours.mbtiles" "$WORK/ours-warm.mbtiles" && echo identical || echo DIFFERENT)
FETCH_RESULTS="$WORK/fetch.tsv"
cp "$RESULTS" "$FETCH_RESULTS"

cpu_per_tile() { # label → median CPU ms per tile
  awk -F'\t' -v l="$1" -v n="$TILES" '$1 == l { print ($4 + $5) * 1000 / n }' "$FETCH_RESULTS" | sort -g \
    | awk '{ a[NR] = $1 } END { printf "%.2f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
OURS_CPU=$(cpu_per_tile "$OURS_LABEL")
MP_CPU=$(cpu_per_tile "$MP_LABEL")
OUT="$WORK/result.md"
{
  echo "## Tiles"
  echo
  echo "\`bench/tiles.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(machine_line), MapProxy $($PY -c 'import mapproxy.version as v; print(v.version)')."
  echo "Medians of interleaved pairs; the load average (1 min) before each run is in the last column (2 cores:"
  echo "above 2, runs waited for CPU, and the upstream server shares the cores with both tools)."
  echo
  echo "**A $(printf "%'d" "$TILES")-tile job** (country polygon ×$SCALE, z$MIN_ZOOM-$MAX_ZOOM) from one local upstream (serve-tiles over an archive of distinct ~4 KB PNGs), cold caches:"
  echo
  python3 bench/lib/summary.py "$FETCH_RESULTS" --per "$TILES" tiles
  echo
  echo "Tiles written: ours $OURS_TILES, mapproxy-seed $MP_TILES; the warm-cache file is $SAME to the cold one."
  echo "Wall time: mapproxy-seed / ours (cold) = **$(python3 bench/lib/summary.py "$FETCH_RESULTS" --ratio "$OURS_LABEL" "$MP_LABEL")×**."
  echo "CPU per tile (median): ours $OURS_CPU ms, mapproxy-seed $MP_CPU ms: **$(awk "BEGIN { printf \"%.0f\", 100 * $OURS_CPU / $MP_CPU }")%** of mapproxy-seed's."
} > "$OUT"
cat "$OUT"
if $RECORD; then
  python3 bench/record-section.py Tiles "$OUT"
fi
