#!/usr/bin/env bash
# Tile benchmark, one command: ./bench/tiles.sh   (needs api/target/offline-packs.jar, mapproxy-seed, node/npm)
#  1. A polygon's tiles from the same local upstream (serve-tiles on 127.0.0.1), this service vs
#     mapproxy-seed (coverage from the same GeoJSON, MBTiles cache, no meta tiles), cold caches.
#  2. Cover computation on a country-sized polygon, this service vs @mapbox/tile-cover (npm).
# Everything runs under bench/work/ (git-ignored). Results: bench/work/tiles/results.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/bench/work/tiles
JAR=$ROOT/api/target/offline-packs.jar
BOUNDARY=${BOUNDARY:-$ROOT/sample-data/andorra/boundaries.geojson}
MIN_ZOOM=${MIN_ZOOM:-9}
MAX_ZOOM=${MAX_ZOOM:-16}
CONCURRENCY=${CONCURRENCY:-8}
MAPPROXY_PROCESSES=${MAPPROXY_PROCESSES:-4}
COVER_ZOOM=${COVER_ZOOM:-14}
PY=/usr/bin/python3   # mapproxy's own interpreter

[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
command -v mapproxy-seed >/dev/null || { echo "install mapproxy: apt-get install mapproxy" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
now_ms() { date +%s%3N; }

echo "== upstream: every tile of the cover z$MIN_ZOOM-$MAX_ZOOM"
: > cover.txt
for z in $(seq "$MIN_ZOOM" "$MAX_ZOOM"); do
  java -jar "$JAR" cover --boundary-file "$BOUNDARY" --zoom "$z" >> cover.txt
done
$PY "$ROOT/bench/tiles/make_upstream.py" "$ROOT/sample-data/andorra-raster-z9-15.mbtiles" cover.txt upstream.mbtiles
java -jar "$JAR" serve-tiles --mbtiles upstream.mbtiles --port 0 > serve.log 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q '^Serving' serve.log && break; sleep 0.5; done
TEMPLATE=$(grep '^Serving' serve.log | sed 's/.* at //')
PORT=$(echo "$TEMPLATE" | sed -E 's#http://127.0.0.1:([0-9]+)/.*#\1#')
echo "upstream at $TEMPLATE"

echo "== this service: tiles (cold cache, concurrency $CONCURRENCY)"
t0=$(now_ms)
java -jar "$JAR" tiles --boundary-file "$BOUNDARY" --source "$TEMPLATE" --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" \
  --max-tiles 1000000 --concurrency "$CONCURRENCY" --name bench --data-dir ours-data --out ours.mbtiles > ours.log 2>&1
t1=$(now_ms)
OURS_MS=$((t1 - t0))
OURS_TILES=$(sqlite3 ours.mbtiles "SELECT count(*) FROM tiles")
t0=$(now_ms)
java -jar "$JAR" tiles --boundary-file "$BOUNDARY" --source "$TEMPLATE" --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" \
  --max-tiles 1000000 --concurrency "$CONCURRENCY" --name bench --data-dir ours-data --out ours-warm.mbtiles > ours-warm.log 2>&1
t1=$(now_ms)
WARM_MS=$((t1 - t0))
cmp -s ours.mbtiles ours-warm.mbtiles && SAME=identical || SAME=DIFFERENT

echo "== mapproxy-seed ($MAPPROXY_PROCESSES processes)"
cat > mapproxy.yaml <<YAML
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
cat > seed.yaml <<YAML
seeds:
  bench:
    caches: [bench_cache]
    coverages: [boundary]
    levels:
      from: $MIN_ZOOM
      to: $MAX_ZOOM
coverages:
  boundary:
    datasource: $BOUNDARY
    srs: 'EPSG:4326'
YAML
t0=$(now_ms)
mapproxy-seed -f mapproxy.yaml -s seed.yaml -c "$MAPPROXY_PROCESSES" --seed ALL > mapproxy.log 2>&1
t1=$(now_ms)
MP_MS=$((t1 - t0))
MP_TILES=$(sqlite3 mapproxy.mbtiles "SELECT count(*) FROM tiles")
kill $SERVER_PID 2>/dev/null || true

echo "== cover: country-sized polygon at z$COVER_ZOOM"
$PY "$ROOT/bench/tiles/country_polygon.py" country.geojson
OURS_COVER=$(java -jar "$JAR" cover --boundary-file country.geojson --zoom "$COVER_ZOOM" --count --stats --repeat 10 2>&1 >/dev/null)
NODE_DIR=$ROOT/bench/work/node
if [ ! -d "$NODE_DIR/node_modules/@mapbox/tile-cover" ]; then
  mkdir -p "$NODE_DIR" && (cd "$NODE_DIR" && npm init -y >/dev/null && npm install --silent @mapbox/tile-cover >/dev/null)
fi
TC_COVER=$(NODE_PATH=$NODE_DIR/node_modules node "$ROOT/bench/tiles/tile_cover_bench.js" country.geojson "$COVER_ZOOM" 10)
TC_VERSION=$(node -p "require('$NODE_DIR/node_modules/@mapbox/tile-cover/package.json').version")

RATIO=$(awk "BEGIN { printf \"%.1f\", $MP_MS / $OURS_MS }")
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), MapProxy $($PY -c 'import mapproxy.version as v; print(v.version)'), node $(node --version), @mapbox/tile-cover $TC_VERSION."
  echo
  echo "Boundary: $(basename "$BOUNDARY") (all features), z$MIN_ZOOM-$MAX_ZOOM, upstream: serve-tiles on 127.0.0.1 (PNG)."
  echo
  echo "| tool | tiles | wall time | tiles/s |"
  echo "|---|---:|---:|---:|"
  echo "| offline-packs tiles (cold cache, $CONCURRENCY in flight, JVM start included) | $OURS_TILES | $((OURS_MS)) ms | $(awk "BEGIN { printf \"%.0f\", $OURS_TILES * 1000 / $OURS_MS }") |"
  echo "| offline-packs tiles (warm cache, output $SAME) | $OURS_TILES | $((WARM_MS)) ms | $(awk "BEGIN { printf \"%.0f\", $OURS_TILES * 1000 / $WARM_MS }") |"
  echo "| mapproxy-seed -c $MAPPROXY_PROCESSES (MBTiles cache) | $MP_TILES | $((MP_MS)) ms | $(awk "BEGIN { printf \"%.0f\", $MP_TILES * 1000 / $MP_MS }") |"
  echo
  echo "Speed-up over mapproxy-seed (cold): **${RATIO}x**."
  echo
  echo "Cover of a country-sized polygon (4,000 vertices, ~10°x8°, bench/tiles/country_polygon.py):"
  echo
  echo "- offline-packs: $OURS_COVER"
  echo "- $TC_COVER"
} > results.md
cat results.md
