#!/usr/bin/env bash
# Field-link benchmark, two parts:
#  1. Many slow phones: CLIENTS connections (2,000) each download a 4.9 MB part at 20 KB/s while a
#     probe times manifest requests on new connections; the same clients against nginx serving the
#     same file; interleaved pairs (ours, nginx, ...), with the service's peak RSS.
#  2. A phone on a link that cuts every connection after 100 KB: bytes of "nothing new?", of a
#     first sync through parts against the bundle, of 5,000 entries uploaded with tus, of the receipt.
# Usage: bench/field-link.sh [--record]   (needs Java 17, apt-get install nginx; builds what it misses)
# Works under bench/work/field-link (git-ignored); --record replaces "## Field link" in BENCHMARKS.md.
set -euo pipefail
# the newest version folder a data folder published for a boundary (packs/BOUNDARY/N/), empty if none
latest_version() { ls "$1" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true; }
cd "$(dirname "$0")/.."
RECORD=false
[ "${1:-}" = "--record" ] && RECORD=true
CLIENTS=${CLIENTS:-2000}
RATE=${RATE:-20480}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
PAIRS=${PAIRS:-2}
HEAP=${HEAP:-256m}
TOKEN=demo-admin-andorra
for tool in nginx java python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install nginx)" >&2; exit 1; }
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

WORK=bench/work/field-link
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
JAR=api/target/offline-packs.jar
if [ ! -f "$JAR" ] || [ ! -f api/target/test-classes/org/offlinepacks/api/http/Phone.class ] || [ ! -f "$WORK/cp.txt" ]; then
  ./mvnw -q -B package -DskipTests
  ./mvnw -q -B -pl api -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/$WORK/cp.txt" >/dev/null
fi
cp "$JAR" "$WORK/offline-packs.jar" # others may rebuild api/target while this runs
CP="$WORK/offline-packs.jar:api/target/test-classes:$(cat "$WORK/cp.txt")"
RUN_BENCH="java -Xmx1g -Dlogback.configurationFile=bench/logback-quiet.xml -cp $CP bench/FieldLinkBenchmark.java"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# ---- 1. many slow phones on one 4.9 MB part -------------------------------------------------
# A campaign with one boundary over the whole country: its tiles part is the whole sample archive.
CAMPAIGN="$WORK/campaign"
DATA="$(pwd)/$WORK/country-data"
if [ -z "$(latest_version "$DATA/packs/andorra")" ]; then
  rm -rf "$CAMPAIGN" "$DATA" && mkdir -p "$CAMPAIGN"
  cp -r sample-data/andorra/forms sample-data/andorra/i18n sample-data/andorra/sos.json "$CAMPAIGN/"
  python3 - "$CAMPAIGN" "$(pwd)/sample-data/andorra-raster-z9-15.mbtiles" <<'PY'
import json, sys
folder, archive = sys.argv[1], sys.argv[2]
campaign = json.load(open("sample-data/andorra/campaign.json"))
campaign["packDefaults"] = {"tiles": {"source": "mbtiles:" + archive, "minZoom": 9, "maxZoom": 15,
                                      "bufferM": 0, "maxTiles": 50000}}
json.dump(campaign, open(folder + "/campaign.json", "w"), indent=2)
w, s, e, n = 1.4135847, 42.4288238, 1.7389233, 42.6559357
json.dump({"type": "FeatureCollection", "features": [{"type": "Feature",
    "properties": {"id": "andorra", "name": "Andorra"},
    "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}}]},
    open(folder + "/boundaries.geojson", "w"))
json.dump({"type": "FeatureCollection", "features": []}, open(folder + "/points.geojson", "w"))
json.dump({"users": [{"id": "admin", "role": "admin", "boundaries": [], "token": "demo-admin-andorra"}]},
          open(folder + "/users.json", "w"))
for contact in (sos := json.load(open(folder + "/sos.json")))["contacts"]:
    contact.pop("boundaries", None)
json.dump(sos, open(folder + "/sos.json", "w"))
PY
  java -jar "$WORK/offline-packs.jar" build --campaign "$CAMPAIGN" --all --out "$DATA" >"$WORK/build.log" 2>&1
fi
VERSION=$(latest_version "$DATA/packs/andorra")
read -r PART_SHA PART_SIZE < <(python3 -c "
import json
m = json.load(open('$DATA/packs/andorra/$VERSION/manifest.json'))
p = [p for p in m['parts'] if p['path'] == 'tiles.mbtiles'][0]
print(p['sha256'], p['size'])")

API_PORT=$(free_port)
NGINX_PORT=$(free_port)
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 65536;
pid $(pwd)/$WORK/nginx/nginx.pid;
error_log $(pwd)/$WORK/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path $(pwd)/$WORK/nginx/tmp;
  proxy_temp_path $(pwd)/$WORK/nginx/tmp;
  fastcgi_temp_path $(pwd)/$WORK/nginx/tmp;
  uwsgi_temp_path $(pwd)/$WORK/nginx/tmp;
  scgi_temp_path $(pwd)/$WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    root $DATA/packs;
    etag on;
  }
}
CONF
java -Xmx"$HEAP" -Dlogback.configurationFile=bench/logback-quiet.xml -jar "$WORK/offline-packs.jar" serve \
  --data "$DATA" --campaign "$CAMPAIGN" --port "$API_PORT" --demo >"$WORK/serve.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
nginx -p "$(pwd)/$WORK/nginx" -c "$(pwd)/$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=("$!")
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$API_PORT/v1/health" >/dev/null && break
  sleep 0.2
done
rss_mb() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status") / 1024 )); }
RSS_LOG="$WORK/rss.log"
: >"$RSS_LOG"
(while kill -0 "$API_PID" 2>/dev/null; do rss_mb >>"$RSS_LOG" 2>/dev/null || true; sleep 1; done) &
PIDS+=("$!")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RSS_START=$(rss_mb)

# warm-up, not recorded: the JIT compiles the download path
$RUN_BENCH slow-clients 127.0.0.1 "$API_PORT" "/v1/parts/$PART_SHA" "$TOKEN" 200 "$RATE" 10 \
  "/v1/packs/andorra/manifest" >/dev/null
$RUN_BENCH slow-clients 127.0.0.1 "$NGINX_PORT" "/andorra/$VERSION/tiles.mbtiles" "$TOKEN" 200 "$RATE" 10 \
  "/andorra/$VERSION/manifest.json" >/dev/null
sleep 5
OURS=()
PEER=()
for pair in $(seq 1 "$PAIRS"); do
  OURS+=("$($RUN_BENCH slow-clients 127.0.0.1 "$API_PORT" "/v1/parts/$PART_SHA" "$TOKEN" "$CLIENTS" "$RATE" \
    "$SECONDS_PER_RUN" "/v1/packs/andorra/manifest") load=$(cut -d' ' -f1 /proc/loadavg)")
  sleep 5
  PEER+=("$($RUN_BENCH slow-clients 127.0.0.1 "$NGINX_PORT" "/andorra/$VERSION/tiles.mbtiles" "$TOKEN" "$CLIENTS" \
    "$RATE" "$SECONDS_PER_RUN" "/andorra/$VERSION/manifest.json") load=$(cut -d' ' -f1 /proc/loadavg)")
  sleep 5
done
RSS_MAX=$(sort -n "$RSS_LOG" | tail -1)
kill "$API_PID"
wait "$API_PID" 2>/dev/null || true

# ---- 2. a phone on a cutting link -------------------------------------------------------------
DEMO_DATA="$(pwd)/$WORK/demo-data"
if [ -z "$(latest_version "$DEMO_DATA/packs/osm-relation-2804755")" ]; then
  java -jar "$WORK/offline-packs.jar" demo --build-only --data "$DEMO_DATA" >"$WORK/demo.log" 2>&1
fi
DEMO_PORT=$(free_port)
java -Xmx"$HEAP" -Dlogback.configurationFile=bench/logback-quiet.xml -jar "$WORK/offline-packs.jar" serve \
  --data "$DEMO_DATA" --campaign sample-data/andorra --port "$DEMO_PORT" --demo >"$WORK/serve-demo.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$DEMO_PORT/v1/health" >/dev/null && break
  sleep 0.2
done
PHONE=$($RUN_BENCH phone "$DEMO_PORT" demo-field-worker-encamp osm-relation-2804755)
PHONE_ALL=$($RUN_BENCH phone "$DEMO_PORT" demo-admin-andorra --sync-only osm-relation-2804753 \
  osm-relation-2804755 osm-relation-2804756 osm-relation-2804757 osm-relation-2804758 osm-relation-2804759 | grep -E '^\| first sync')

OUT="$WORK/result.md"
{
  echo "## Field link"
  echo
  echo "\`bench/field-link.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), $(nginx -v 2>&1); load average before the run: $LOAD_BEFORE"
  echo "(clients, service and nginx share the machine)."
  echo
  echo "### Many slow phones"
  echo
  echo "$CLIENTS connections at once, each downloading the same $PART_SIZE-byte part (tiles.mbtiles of a pack over"
  echo "the whole country) at $((RATE / 1024)) KB/s (16 KB receive buffer, read on a 50 ms timer), for ${SECONDS_PER_RUN} s; a probe"
  echo "requests the manifest every 250 ms on a new connection. The service runs \`serve\` with -Xmx$HEAP, 64"
  echo "request threads, and checks the token and area of every request; nginx (worker_processes auto, sendfile)"
  echo "serves the same file without auth. After a 10 s warm-up of each (200 clients), runs interleaved: ours,"
  echo "nginx, ours, nginx. Goals (issue 9): every"
  echo "client's first byte within 2 s, manifest p99 under 200 ms, RSS under 512 MB."
  echo
  echo "| run | server | first byte: got / p50 / p99 / max (ms) | MB/s (per client KB/s) | failed | manifest probe p50 / p99 / max (ms), failures | load |"
  echo "|---|---|---|---|---|---|---|"
  for i in $(seq 0 $((PAIRS - 1))); do
    for side in ours nginx; do
      line=$([ $side = ours ] && echo "${OURS[$i]}" || echo "${PEER[$i]}")
      python3 - "$((i + 1))" "$side" "$line" <<'PY'
import sys
run, side, line = sys.argv[1], sys.argv[2], sys.argv[3]
f = dict(kv.split("=") for kv in line.split())
print(f"| {run} | {'offline-packs' if side == 'ours' else 'nginx'} | {f['got_first_byte']}/{f['clients']} / {f['first_byte_p50_ms']} / "
      f"{f['first_byte_p99_ms']} / {f['first_byte_max_ms']} | {f['mb_per_s']} ({f['per_client_kb_s']}) | {f['failed']} | "
      f"{f['probe_p50_ms']} / {f['probe_p99_ms']} / {f['probe_max_ms']}, {f['probe_failures']} | {f['load']} |")
PY
    done
  done
  echo
  echo "Service memory (RSS): $RSS_START MB before the runs, **$RSS_MAX MB at most** (heap capped at $HEAP)."
  echo
  echo "### A phone on a cutting link"
  echo
  echo "A loopback proxy cuts every connection once 100 KB have crossed it (both directions), at 300 KB/s (the"
  echo "byte counts depend on the cuts, not on the rate). Bytes are what crossed the link, headers and resumed"
  echo "requests included. Downloads resume with Range/If-Range and take the gzip form where there is one;"
  echo "the upload is tus-java-client (whole file in one PATCH, resumed after each cut). Goals (issue 9): nothing"
  echo "new under 300 bytes, a first sync through parts at most 1.05x the bundle, 5,000 entries with at most"
  echo "1.1x the file's bytes sent."
  echo
  echo "$PHONE"
  echo
  echo "All six packs of the demo, synced through parts and as bundles by the admin:"
  echo
  echo "| what | bytes up | bytes down | on the wire | reference | ratio |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "$PHONE_ALL"
} | tee "$OUT"

if $RECORD; then
  python3 bench/record-section.py "Field link" "$OUT"
fi
