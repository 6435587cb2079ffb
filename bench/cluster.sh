#!/usr/bin/env bash
# Several nodes on one machine, for anyone to try: a throwaway PostgreSQL and s3proxy, two API
# nodes (--role api) and two build workers (--role worker) on loopback, all on the sample campaign.
# Usage: bench/cluster.sh [--check]
#   without --check: prints the nodes' addresses and example requests, and runs until Ctrl-C;
#   with --check: asks node A for a rebuild, follows it on node B, downloads the pack from node B,
#   then stops everything (exit 1 if something did not work).
# Needs Java 17, PostgreSQL from Debian (apt-get install postgresql) and Maven Central for s3proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/services.sh
CHECK=false
[ "${1:-}" = "--check" ] && CHECK=true
JAR=api/target/offline-packs.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK="$(pwd)/bench/work/cluster"
rm -rf "$WORK" && mkdir -p "$WORK"
chmod o+x "$WORK"
NODES=()
cleanup() {
  for pid in "${NODES[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODES[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_services
}
trap cleanup EXIT

start_postgres "$WORK"
start_s3proxy "$WORK"
export OFFLINE_PACKS_DB="$PG_URL" OFFLINE_PACKS_DB_USER=postgres OFFLINE_PACKS_DB_PASSWORD=
export OFFLINE_PACKS_STORAGE="s3://offline-packs?endpoint=$S3_ENDPOINT&region=us-east-1"

# starts `serve NAME PORT ARGS…` in the background and waits until it answers its health check
serve() {
  local name="$1" port="$2"
  shift 2
  java -Xmx1g -jar "$JAR" serve --data "$WORK/$name" --port "$port" --demo "$@" >"$WORK/$name.log" 2>&1 &
  NODES+=($!)
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && return 0
    kill -0 "${NODES[-1]}" 2>/dev/null || { cat "$WORK/$name.log" >&2; return 1; }
    sleep 0.1
  done
  echo "$name did not start; see $WORK/$name.log" >&2
  return 1
}

A=$(free_port); B=$(free_port); W1=$(free_port); W2=$(free_port)
serve api-a "$A" --role api --campaign sample-data/andorra
serve api-b "$B" --role api
serve worker-1 "$W1" --role worker
serve worker-2 "$W2" --role worker
PLANNER="Authorization: Bearer demo-planner-andorra"
WORKER="Authorization: Bearer demo-field-worker-encamp"
ENCAMP=osm-relation-2804755

if ! $CHECK; then
  cat <<TEXT
PostgreSQL  $PG_URL (user postgres, no password)
s3proxy     $S3_ENDPOINT (bucket offline-packs; AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY)
API node A  http://127.0.0.1:$A/v1   (log: $WORK/api-a.log)
API node B  http://127.0.0.1:$B/v1   (log: $WORK/api-b.log)
worker 1    http://127.0.0.1:$W1/v1/health   (log: $WORK/worker-1.log)
worker 2    http://127.0.0.1:$W2/v1/health   (log: $WORK/worker-2.log)

Try:
  curl -s -X POST -H "$PLANNER" http://127.0.0.1:$A/v1/boundaries/$ENCAMP/rebuild     # a job, from node A
  curl -s -H "$PLANNER" http://127.0.0.1:$B/v1/jobs/JOB_ID                            # followed on node B
  curl -s -H "$WORKER" http://127.0.0.1:$B/v1/packs/$ENCAMP/manifest                   # served by node B
  kill -9 \$(pgrep -f 'worker-1 ')   # in the middle of a build: worker 2 takes it over after the lease (30 s)
Ctrl-C stops everything and removes $WORK's databases.
TEXT
  wait "${NODES[@]}"
  exit 0
fi

job=$(curl -sf -X POST -H "$PLANNER" "http://127.0.0.1:$A/v1/boundaries/$ENCAMP/rebuild")
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$job")
echo "rebuild of $ENCAMP asked of node A: job $id"
state=""
for _ in $(seq 1 1200); do
  state=$(curl -sf -H "$PLANNER" "http://127.0.0.1:$B/v1/jobs/$id" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j.get("worker") or "", j.get("packVersion") or "")')
  case "$state" in SUCCEEDED*|FAILED*) break ;; esac
  sleep 0.5
done
echo "on node B: $state"
case "$state" in SUCCEEDED*) ;; *) echo "the rebuild did not succeed" >&2; exit 1 ;; esac
curl -sf -H "$WORKER" -o "$WORK/manifest.json" "http://127.0.0.1:$B/v1/packs/$ENCAMP/manifest"
bundle=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bundle"]["sha256"])' "$WORK/manifest.json")
curl -sf -H "$WORKER" -o "$WORK/bundle.zip" "http://127.0.0.1:$B/v1/parts/$bundle"
echo "$bundle  $WORK/bundle.zip" | sha256sum -c --quiet
java -jar "$JAR" verify "$WORK/bundle.zip"
echo "cluster check passed: built by a worker, followed and downloaded on node B, verified"
