#!/usr/bin/env bash
# Rebuild throughput with 1 and 2 build workers: N small boundaries (1 km squares in Andorra, three
# points each, the sample's zooms 9–15 and routing with foot and car), tiles from a local XYZ server
# (serve-tiles on the sample raster) through the shared tile cache.
# For each setup: a first rebuild of every boundary (cold: fills the tile cache, clips and imports
# every graph), then every boundary moved 40 m east through PUT /v1/boundaries/{id} (warm: a few new
# tiles each, the rest from the shared cache; the routing parts rebuilt), timed from the first
# request until the last job ended.
#   embedded: one node, `--build-workers 1|2`, on the data folder's SQLite files;
#   PostgreSQL + S3: one API node and 1|2 worker processes (`--role worker`) on a throwaway
#   PostgreSQL and s3proxy (see bench/lib/services.sh).
# Usage: bench/rebuilds.sh [--record] [--boundaries N] [--embedded-only]
# Works under bench/work/rebuilds (git-ignored); with --record replaces "## Rebuild throughput" of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/services.sh
RECORD=false
COUNT=100
EMBEDDED_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --record) RECORD=true ;;
    --boundaries) COUNT="$2"; shift ;;
    --embedded-only) EMBEDDED_ONLY=true ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
JAR=api/target/offline-packs.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK="$(pwd)/bench/work/rebuilds"
rm -rf "$WORK" && mkdir -p "$WORK"
chmod o+x "$WORK"
TILE_SERVER=""
trap 'stop_services; [ -n "$TILE_SERVER" ] && kill "$TILE_SERVER" 2>/dev/null; true' EXIT

CAMPAIGN="$WORK/campaign"
python3 bench/rebuilds/make_campaign.py sample-data/andorra "$CAMPAIGN" "$COUNT"
T=$(free_port)
java -jar "$JAR" serve-tiles --mbtiles sample-data/andorra-raster-z9-15.mbtiles --port "$T" >"$WORK/tiles.log" 2>&1 &
TILE_SERVER=$!
until curl -sf "http://127.0.0.1:$T/tiles.json" >/dev/null; do sleep 0.1; done
SOURCE="http://127.0.0.1:$T/{z}/{x}/{y}.png"

OUT="$WORK/result.md"
ROWS="$WORK/rows.md"
: >"$ROWS"
# measure SETUP WORKERS BASE: both passes against a node that is up; one table row
measure() {
  local label="$1" workers="$2" base="$3" cold warm
  cold=$(python3 bench/rebuilds/drive.py "$base" bench-planner-token-rebuilds "$CAMPAIGN" rebuild)
  warm=$(python3 bench/rebuilds/drive.py "$base" bench-planner-token-rebuilds "$CAMPAIGN" revise)
  python3 - "$label" "$workers" "$cold" "$warm" "$(cut -d' ' -f1 /proc/loadavg)" >>"$ROWS" <<'PY'
import json, sys
label, workers, cold, warm, load = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
for name, run in (("cold", cold), ("warm", warm)):
    if run["failed"]:
        sys.exit(f"{label}, {workers} workers, {name}: {len(run['failed'])} failed, e.g. {run['failed'][0]}")
print(f"| {label} | {workers} | {cold['jobs']} | {cold['seconds']} | {warm['seconds']} | "
      f"{warm['jobs'] * 60 / warm['seconds']:.1f} | {len(warm['workers'])} | {load} |")
PY
  tail -1 "$ROWS" >&2
}

for workers in 1 2; do
  dir="$WORK/embedded-$workers"
  P=$(free_port)
  start_node "$dir.log" "$P" --data "$dir" --campaign "$CAMPAIGN" --demo --tile-source "$SOURCE" --build-workers "$workers"
  measure "embedded (SQLite, data folder)" "$workers" "http://127.0.0.1:$P"
  stop_nodes
done

if ! $EMBEDDED_ONLY; then
  start_postgres "$WORK"
  start_s3proxy "$WORK"
  export OFFLINE_PACKS_DB_USER=postgres OFFLINE_PACKS_DB_PASSWORD=
  for workers in 1 2; do
    as_pg_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE packs_$workers" postgres
    export OFFLINE_PACKS_DB="jdbc:postgresql://127.0.0.1:$PG_PORT/packs_$workers"
    export OFFLINE_PACKS_STORAGE="s3://packs-$workers?endpoint=$S3_ENDPOINT&region=us-east-1"
    P=$(free_port)
    start_node "$WORK/pg-api-$workers.log" "$P" --data "$WORK/pg-api-$workers" --role api --campaign "$CAMPAIGN" --demo
    for w in $(seq 1 "$workers"); do
      start_node "$WORK/pg-worker-$workers-$w.log" "$(free_port)" --data "$WORK/pg-worker-$workers-$w" \
        --role worker --demo --tile-source "$SOURCE"
    done
    measure "PostgreSQL + s3proxy (one API node, worker processes)" "$workers" "http://127.0.0.1:$P"
    stop_nodes
  done
fi

{
  echo "## Rebuild throughput"
  echo
  echo "\`bench/rebuilds.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1). $COUNT boundaries of 1 km² in Andorra, three points each, tiles z9–15"
  echo "(buffer 250 m) from a local XYZ server through the shared tile cache, routing foot and car (buffer 3 km)."
  echo "Cold: a first rebuild of every boundary (the cache empty). Warm: every boundary moved 40 m east by"
  echo "\`PUT /v1/boundaries/{id}\` (a few new tiles each, the rest from the shared cache; clip and graphs"
  echo "again), from the first request until the last job ended. One run each; load average after each."
  echo
  echo "| setup | build workers | boundaries | cold (s) | warm (s) | warm packs/min | nodes that built | load |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  cat "$ROWS"
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py "Rebuild throughput" "$OUT"
fi
