#!/usr/bin/env bash
# Start-up benchmark, one command: bench/cover.sh [--record] [--pairs N]
# (needs Java 17 and node/npm; builds the jar and its launcher if missing)
# `cover --count` at z14 of the country polygon of bench/tiles/country_polygon.py (4,000 vertices,
# 202,292 tiles) as a whole process, where start-up dominates: the launcher (api/target/offline-packs,
# class-data-sharing archive, quick compiler) against node with @mapbox/tile-cover, and `java -jar`
# without the launcher, in interleaved runs (ours, peer, jar, ours, ...); medians with the load
# average before each run. Then both in one process, after start (work only).
# Works under bench/work/cover (git-ignored); --record replaces "## Cover start-up" in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/args.sh
bench_args 10 "$@"
COVER_ZOOM=${COVER_ZOOM:-14}
for tool in node npm python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
[ -x api/target/offline-packs ] || ./mvnw -q -B package -DskipTests
WORK=$(pwd)/bench/work/cover
rm -rf "$WORK" && mkdir -p "$WORK"
source bench/lib/launcher.sh
install_launcher "$WORK"
OURS="$WORK/offline-packs"
RESULTS="$WORK/runs.tsv"
: > "$RESULTS"
source bench/lib/pairs.sh

python3 bench/tiles/country_polygon.py "$WORK/country.geojson"
NODE_DIR=$(pwd)/bench/work/node
if [ ! -d "$NODE_DIR/node_modules/@mapbox/tile-cover" ]; then
  mkdir -p "$NODE_DIR" && (cd "$NODE_DIR" && npm init -y >/dev/null && npm install --silent @mapbox/tile-cover >/dev/null)
fi
TC_VERSION=$(node -p "require('$NODE_DIR/node_modules/@mapbox/tile-cover/package.json').version")
cover_ours() { "$OURS" cover --boundary-file "$WORK/country.geojson" --zoom "$COVER_ZOOM" --count > "$WORK/cover-ours.txt"; }
cover_jar() { java -jar "$WORK/offline-packs.jar" cover --boundary-file "$WORK/country.geojson" --zoom "$COVER_ZOOM" --count > "$WORK/cover-jar.txt"; }
cover_peer() { NODE_PATH="$NODE_DIR/node_modules" node bench/tiles/tile_cover_count.js "$WORK/country.geojson" "$COVER_ZOOM" > "$WORK/cover-peer.txt"; }
export -f cover_ours cover_jar cover_peer
export COVER_ZOOM NODE_DIR OURS WORK
cover_ours && cover_peer # not timed: the page cache holds both tools' files
for pair in $(seq 1 "$PAIRS"); do
  run_timed "offline-packs cover --count (launcher)" "$pair" cover_ours
  run_timed "node @mapbox/tile-cover" "$pair" cover_peer
  run_timed "offline-packs cover --count (java -jar, no launcher)" "$pair" cover_jar
done
[ "$(cat "$WORK/cover-ours.txt")" = "$(cat "$WORK/cover-peer.txt")" ] \
  || { echo "cover counts differ: $(cat "$WORK/cover-ours.txt") vs $(cat "$WORK/cover-peer.txt")" >&2; exit 1; }
IN_PROCESS_OURS=$("$OURS" cover --boundary-file "$WORK/country.geojson" --zoom "$COVER_ZOOM" --count --stats --repeat 10 2>&1 >/dev/null)
IN_PROCESS_PEER=$(NODE_PATH="$NODE_DIR/node_modules" node bench/tiles/tile_cover_bench.js "$WORK/country.geojson" "$COVER_ZOOM" 10)
OUT="$WORK/result.md"
{
  echo "## Cover start-up"
  echo
  echo "\`bench/cover.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(machine_line), node $(node --version), @mapbox/tile-cover $TC_VERSION."
  echo "Medians of $PAIRS interleaved runs of each; the load average (1 min) before each run is in the last column."
  echo
  echo "**\`cover --count\` at z$COVER_ZOOM** of the country polygon ($(cat "$WORK/cover-ours.txt") tiles, 4,000 vertices) as a whole process:"
  echo
  python3 bench/lib/summary.py "$RESULTS"
  echo
  echo "Whole process: tile-cover / ours (launcher) = **$(python3 bench/lib/summary.py "$RESULTS" --ratio "offline-packs cover --count (launcher)" "node @mapbox/tile-cover")×** in wall time (above 1: ours is faster). In one process, after start:"
  echo "ours $IN_PROCESS_OURS; $IN_PROCESS_PEER."
} > "$OUT"
cat "$OUT"
if $RECORD; then
  python3 bench/record-section.py "Cover start-up" "$OUT"
fi
