#!/usr/bin/env bash
# National build benchmark, one command: bench/national.sh [--record] [--copies N] [--villages N]
# A synthetic country extract (the Andorra sample tiled --copies times, bench/extract/CountryExtractMaker.java)
# and --villages village boundaries over it (bench/national/make_campaign.py: a facility and ten
# households each; some villages fall where there is no road), tiles z12-16 from a local tile
# server through the shared tile cache, routing for foot and car. Preparation (timed apart): the
# extract, the upstream archive, the warm tile cache, and the first village's build, which imports
# the whole extract's graph and indexes it for clipping (once per extract version). Then
# `build --all` from that warm state, measured: total time, seconds per pack by step, time per pack
# for the first and the last thousand packs, peak RSS (and RSS every 5 s), the load average. Then a
# revision: `build --all` again after the households of every tenth village moved (those packs
# rebuilt, the others answered unchanged), measured the same way.
# Defaults: 300 copies (a 140 MB extract, Mozambique's size) and 5,000 villages; heap 512 MB for the
# build (HEAP), 4 GB for the one-time import of the whole extract (IMPORT_HEAP).
# Works under bench/work/national (git-ignored; the extract and the upstream archive are kept
# between runs); --record replaces the "## National build" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD=false
COPIES=300
VILLAGES=5000
while [ $# -gt 0 ]; do
  case "$1" in
    --record) RECORD=true ;;
    --copies) COPIES=$2; shift ;;
    --villages) VILLAGES=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
HEAP=${HEAP:-512m}
IMPORT_HEAP=${IMPORT_HEAP:-4g}   # the one-time GraphHopper import of the whole extract needs more
[ -x api/target/offline-packs ] || ./mvnw -q -B package -DskipTests
ROOT=$(pwd)
WORK=$ROOT/bench/work/national
mkdir -p "$WORK"
source bench/lib/launcher.sh
install_launcher "$WORK"
J="$WORK/offline-packs.jar"
QUIET=-Dlogback.configurationFile=$ROOT/bench/logback-quiet.xml
now() { date +%s.%N; }
secs() { python3 -c "print('%.1f' % ($2 - $1))"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

EXTRACT="$WORK/country-$COPIES.osm.pbf"
if [ ! -f "$EXTRACT" ]; then
  echo "== making the country extract ($COPIES copies; about 0.3 s a copy)" >&2
  java -Xmx1g $QUIET -cp "$J" bench/extract/CountryExtractMaker.java sample-data/andorra.osm.pbf "$COPIES" "$EXTRACT.tmp" >&2
  mv "$EXTRACT.tmp" "$EXTRACT"
fi
CAMPAIGN="$WORK/campaign-$COPIES-$VILLAGES"
TEMPLATE_ID="#cache=national-bench-$COPIES-$VILLAGES"
python3 bench/national/make_campaign.py sample-data/andorra "$CAMPAIGN" "$COPIES" "$VILLAGES" "$EXTRACT" \
  "http://127.0.0.1:PORT/{z}/{x}/{y}.png$TEMPLATE_ID" >&2
UPSTREAM="$WORK/upstream-$COPIES-$VILLAGES.mbtiles"
if [ ! -f "$UPSTREAM" ]; then
  echo "== making the upstream archive (every tile of the villages' covers, z12-16, 250 m buffer)" >&2
  java -Xmx1g $QUIET -cp "$J" bench/extract/ArchiveMaker.java "$CAMPAIGN/boundaries.geojson" 12 16 "$UPSTREAM.tmp" 250 >&2
  mv "$UPSTREAM.tmp" "$UPSTREAM"
fi
java -jar "$J" serve-tiles --mbtiles "$UPSTREAM" --port 0 > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do grep -q '^Serving' "$WORK/serve.log" && break; sleep 0.5; done
TEMPLATE=$(grep '^Serving' "$WORK/serve.log" | sed 's/.* at //')$TEMPLATE_ID
python3 - "$CAMPAIGN/campaign.json" "$TEMPLATE" <<'PY'
import json, sys
path, template = sys.argv[1], sys.argv[2]
campaign = json.load(open(path))
campaign["packDefaults"]["tiles"]["source"] = template
json.dump(campaign, open(path, "w"), indent=1)
PY
DATA="$WORK/data-$COPIES-$VILLAGES"
rm -rf "$DATA"

echo "== preparation: warm tile cache" >&2
T0=$(now); L0=$(loadavg)
/usr/bin/time -f "%e %U %S %M" -o "$WORK/warm.time" "$WORK/offline-packs" tiles --boundary-file "$CAMPAIGN/boundaries.geojson" \
  --buffer-m 250 --source "$TEMPLATE" --min-zoom 12 --max-zoom 16 --max-tiles 100000000 --data-dir "$DATA" \
  --out "$WORK/warm.mbtiles" > "$WORK/warm.log" 2>&1
WARM_S=$(secs "$T0" "$(now)"); WARM_TILES=$(grep -o '^  [0-9]* tiles:' "$WORK/warm.log" | grep -o '[0-9]*' | head -1 || echo "?")
rm -f "$WORK/warm.mbtiles"
echo "== preparation: the first village (imports and indexes the whole extract)" >&2
T0=$(now); L1=$(loadavg)
JAVA_OPTS="-Xmx$IMPORT_HEAP" /usr/bin/time -f "%e %U %S %M" -o "$WORK/first.time" "$WORK/offline-packs" build \
  --campaign "$CAMPAIGN" --boundary v-00000 --out "$DATA" > "$WORK/first.log" 2>&1 || true
FIRST_S=$(secs "$T0" "$(now)")
read -r _ _ _ FIRST_RSS < <(tail -1 "$WORK/first.time")
INDEX_MB=$(du -sm "$DATA/routing-cache" | cut -f1)

# build_all NAME: `build --all` with heap $HEAP under /usr/bin/time, RSS sampled every 5 s into
# RSS_NAME.samples; sets ALL_S (wall seconds) and leaves NAME.time, NAME.log and NAME.out
build_all() {
  local name=$1 t0 time_pid java_pid
  : > "$WORK/$name.samples"
  t0=$(now)
  JAVA_OPTS="-Xmx$HEAP" /usr/bin/time -f "%e %U %S %M" -o "$WORK/$name.time" "$WORK/offline-packs" build \
    --campaign "$CAMPAIGN" --all --out "$DATA" > "$WORK/$name.out" 2> "$WORK/$name.log" &
  time_pid=$!
  while kill -0 $time_pid 2>/dev/null; do
    java_pid=$(pgrep -P $time_pid java || true)
    if [ -n "$java_pid" ] && [ -r /proc/$java_pid/status ]; then
      awk '/^VmRSS/ {printf "%d ", int($2 / 1024)}' /proc/$java_pid/status >> "$WORK/$name.samples" 2>/dev/null || true
    fi
    sleep 5
  done
  wait $time_pid || true
  ALL_S=$(secs "$t0" "$(now)")
}
summary() { grep -E '^[0-9]+ boundaries: ' "$WORK/$1.log" | tail -1 || echo "no summary line: see $WORK/$1.log"; }
cpu() { python3 -c "print('%.0f' % ($(cut -d' ' -f2 < "$WORK/$1.time" | tail -1) + $(cut -d' ' -f3 < "$WORK/$1.time" | tail -1)))"; }
rss() { echo $(( $(tail -1 "$WORK/$1.time" | cut -d' ' -f4) / 1024 )); }

echo "== build --all ($VILLAGES villages)" >&2
L2=$(loadavg)
build_all all
BUILD_S=$ALL_S
L3=$(loadavg)
NO_ROAD=$(grep -c 'has no road within' "$WORK/all.log" || true)

# A revision: the households of every tenth village were moved (about 10 m); those packs get new
# routing (their tiles part is reused), every other pack is answered unchanged.
python3 - "$CAMPAIGN/points.geojson" <<'PY'
import json, sys
path = sys.argv[1]
points = json.load(open(path))
for feature in points["features"]:
    props = feature["properties"]
    if props["kind"] == "household" and int(props["boundary"][2:]) % 10 == 0:
        lon, lat = feature["geometry"]["coordinates"]
        feature["geometry"]["coordinates"] = [round(lon + 0.0001, 6), round(lat + 0.00007, 6)]
json.dump(points, open(path, "w"))
PY
echo "== revision: build --all after moving the households of every tenth village" >&2
L4=$(loadavg)
build_all revision
REVISION_S=$ALL_S

OUT="$WORK/result.md"
{
  echo "## National build"
  echo
  echo "\`bench/national.sh --copies $COPIES --villages $VILLAGES\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1), heap $HEAP, the launcher (\`api/target/offline-packs\`)."
  echo
  echo "Extract: the Andorra sample tiled $COPIES times ($(du -m "$EXTRACT" | cut -f1) MB of PBF); $VILLAGES villages of 0.6-1.3 km with 11 points each;"
  echo "tiles z12-16 (250 m buffer) from a local tile server through the shared cache; routing foot+car, 3000 m buffer, CH."
  echo
  echo "| phase | wall time | peak RSS | load average (1, 5, 15 min) before |"
  echo "|---|---:|---:|---|"
  echo "| preparation: warm the tile cache ($WARM_TILES tiles) | $WARM_S s | $(( $(tail -1 "$WORK/warm.time" | cut -d' ' -f4) / 1024 )) MB | $L0 |"
  echo "| preparation: first village, whole-extract graph import and clip index ($INDEX_MB MB in routing-cache; heap $IMPORT_HEAP) | $FIRST_S s | $((FIRST_RSS / 1024)) MB | $L1 |"
  echo "| **build --all, $VILLAGES villages** | **$BUILD_S s** ($(python3 -c "print('%.3f' % ($BUILD_S / $VILLAGES))") s per pack; CPU $(cpu all) s) | **$(rss all) MB** | $L2 (after: $L3) |"
  echo "| **revision: build --all after moving the households of every tenth village** | **$REVISION_S s** (CPU $(cpu revision) s) | **$(rss revision) MB** | $L4 |"
  echo
  echo "Build: $(summary all); $NO_ROAD packs without routing (no road within 3000 m: villages in the mountains)."
  echo "Revision: $(summary revision)."
  echo
  echo "Build --all, by step:"
  echo
  python3 bench/national/pack_steps.py "$WORK/all.log"
  echo
  echo "Revision, by step:"
  echo
  python3 bench/national/pack_steps.py "$WORK/revision.log"
  echo
  echo "RSS of the build every 5 s (MB): $(cat "$WORK/all.samples")"
  echo
  echo "RSS of the revision every 5 s (MB): $(cat "$WORK/revision.samples")"
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py "National build" "$OUT"
fi
