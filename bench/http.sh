#!/usr/bin/env bash
# HTTP download benchmark: 50 concurrent clients (wrk) download the demo's bundles, then its parts,
# from `offline-packs serve` and from nginx serving the same files on loopback (the reference).
# Reports requests/s, MB/s, the ratio to nginx and the service's memory (RSS sampled every second).
# Usage: bench/http.sh [--record]   (needs Java 17, apt-get install wrk nginx); PAIRS=3 interleaved pairs, medians
# Works under bench/work/http (git-ignored); --record replaces the "## HTTP" section of BENCHMARKS.md.
set -euo pipefail
# the newest version folder a data folder published for a boundary (packs/BOUNDARY/N/), empty if none
latest_version() { ls "$1" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -1 || true; }
cd "$(dirname "$0")/.."
RECORD=false
[ "${1:-}" = "--record" ] && RECORD=true
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
DURATION=${DURATION:-20s}
PAIRS=${PAIRS:-3}
WARMUP=${WARMUP:-10s}
HEAP=${HEAP:-256m}
SCENARIOS=${SCENARIOS:-"bundles parts"}
SERVE_ARGS=${SERVE_ARGS:-}
TOKEN=demo-admin-andorra
for tool in wrk nginx java python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install wrk nginx)" >&2; exit 1; }
done
WORK=bench/work/http
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
JAR=api/target/offline-packs.jar
if [ ! -f "$JAR" ]; then
  ./mvnw -q -B package -DskipTests
fi
cp "$JAR" "$WORK/offline-packs.jar" # others may rebuild api/target while this runs
DATA="$(pwd)/$WORK/data"
if [ -z "$(latest_version "$DATA/packs/osm-relation-2804755")" ]; then
  echo "building the demo's packs into $DATA ..." >&2
  java -jar "$WORK/offline-packs.jar" demo --build-only --data "$DATA" >"$WORK/build.log" 2>&1
fi
PACKS_INFO=$(python3 bench/http/paths.py "$DATA/packs" "$WORK")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port)
NGINX_PORT=$(free_port)

cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $(pwd)/$WORK/nginx/nginx.pid;
error_log $(pwd)/$WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
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
    listen 127.0.0.1:$NGINX_PORT;
    root $DATA/packs;
    etag on;
  }
}
CONF

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

java -Xmx"$HEAP" -Dlogback.configurationFile=bench/logback-quiet.xml -jar "$WORK/offline-packs.jar" serve \
  --data "$DATA" --campaign sample-data/andorra --port "$API_PORT" --demo $SERVE_ARGS >"$WORK/serve.log" 2>&1 &
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

# run SERVER LIST -> "requests/s MB/s non2xx"
run() {
  local base=$1 list=$2 token=$3 duration=$4
  WRK_PATHS="$WORK/$list.txt" WRK_TOKEN="$token" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" \
    -s bench/http/rotate.lua "$base" >"$WORK/wrk-$list.txt" 2>&1
  python3 - "$WORK/wrk-$list.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", text).groups()
mb = float(value) * {"B": 1 / 2**20, "KB": 1 / 1024, "MB": 1, "GB": 1024}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: (.*)", text)
print(f"{rps:.0f} {mb:.1f} {errors.group(1) if errors else 0}" + (f" [{socket.group(1)}]" if socket else ""))
PY
}

# the median run of several ("rps MB/s errors [socket errors]" lines), by MB/s
median() { sort -t' ' -k2 -g | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
RSS_START=$(rss_mb)
declare -A RESULT LOADS
for scenario in $SCENARIOS; do
  run "http://127.0.0.1:$NGINX_PORT" "nginx-$scenario" "" "$WARMUP" >/dev/null
  run "http://127.0.0.1:$API_PORT" "api-$scenario" "$TOKEN" "$WARMUP" >/dev/null
  : >"$WORK/runs-nginx-$scenario.txt"
  : >"$WORK/runs-api-$scenario.txt"
  for pair in $(seq 1 "$PAIRS"); do # interleaved: nginx, ours, nginx, ours, ...
    LOADS[$scenario]="${LOADS[$scenario]:-} $(cut -d' ' -f1 /proc/loadavg)"
    run "http://127.0.0.1:$NGINX_PORT" "nginx-$scenario" "" "$DURATION" >>"$WORK/runs-nginx-$scenario.txt"
    run "http://127.0.0.1:$API_PORT" "api-$scenario" "$TOKEN" "$DURATION" >>"$WORK/runs-api-$scenario.txt"
  done
  RESULT[nginx-$scenario]=$(median <"$WORK/runs-nginx-$scenario.txt")
  RESULT[api-$scenario]=$(median <"$WORK/runs-api-$scenario.txt")
done
RSS_END=$(rss_mb)
RSS_MAX=$(sort -n "$RSS_LOG" | tail -1)
RSS_SAMPLES=$(tr '\n' ' ' <"$RSS_LOG")

OUT="$WORK/result.md"
{
  echo "## HTTP"
  echo
  echo "\`bench/http.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2);"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; client, service and nginx all run on it)."
  echo
  echo "wrk, $CONNECTIONS connections, $THREADS threads, $DURATION per run after a $WARMUP warm-up run (the JIT needs it), on loopback;"
  echo "$PAIRS interleaved pairs (nginx, ours, ...) per workload, the median run of each by MB/s."
  echo "Files: the demo's six packs ($PACKS_INFO). The service runs \`serve --demo\` with -Xmx$HEAP and checks the"
  echo "bearer token and the caller's area on every request; nginx (worker_processes auto, sendfile on) serves the same"
  echo "files from the pack folders, without auth."
  echo
  echo "| workload | nginx req/s | nginx MB/s | offline-packs req/s | offline-packs MB/s | MB/s vs nginx | errors (nginx / ours) | load average before each pair |"
  echo "|---|---:|---:|---:|---:|---:|---|---|"
  for scenario in $SCENARIOS; do
    read -r nr nm ne nrest <<<"${RESULT[nginx-$scenario]}"
    read -r ar am ae arest <<<"${RESULT[api-$scenario]}"
    ratio=$(python3 -c "print(f'{$am / $nm * 100:.0f}%' if $nm else 'n/a')")
    label=$([ "$scenario" = bundles ] && echo "whole bundles (bundle.zip of the 6 packs)" || echo "parts by sha256 (all parts of the 6 packs)")
    echo "| $label | $nr | $nm | $ar | $am | **$ratio** | $ne / $ae ${arest:-} |${LOADS[$scenario]} |"
  done
  echo
  echo "Service memory (RSS): ${RSS_START} MB before the runs, ${RSS_MAX} MB at most, ${RSS_END} MB after"
  echo "(heap capped at $HEAP; files are sent asynchronously in 32 KB chunks from the output buffer pool, never read whole)."
  echo "RSS every second: $RSS_SAMPLES"
  cat <<'TEXT'

Reading: bundles are fetched at their immutable address (`/v1/parts/{sha256}`, where
`/v1/packs/{id}/bundle.zip` redirects). Many small parts cost more per request than nginx's
sendfile (routing, token and area checks, the asynchronous write, metrics). Memory stays flat under
50 clients: nothing is held per download but a 32 KB output buffer. Downloads hold no request
thread while they wait on a slow socket (see Field link for 2,000 slow phones).
TEXT
} | tee "$OUT"

if $RECORD; then
  python3 bench/record-section.py HTTP "$OUT"
fi
