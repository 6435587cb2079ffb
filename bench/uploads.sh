#!/usr/bin/env bash
# Entry upload ingest benchmark: one file of 100,000 household registrations (NDJSON and gzip),
# ingested durably by UploadService (new entries, then the same entries again as duplicates) and
# sent over loopback HTTP to POST /v1/uploads of the real service; rounds that run every path once in
# turn, medians, the load average before each run. With --postgres, UploadService also runs with the
# entries in a throwaway PostgreSQL (bench/lib/services.sh).
# Usage: bench/uploads.sh [--record] [--postgres] [entries]   (needs Java 17; builds the jar if it lacks the upload classes)
# Works under bench/work/uploads (git-ignored) and prints a Markdown section;
# with --record it also replaces the "## Uploads" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=100000
RECORD=false
POSTGRES=()
for arg in "$@"; do
  case "$arg" in
    --record) RECORD=true ;;
    --postgres) POSTGRES=(postgres) ;;
    *) ENTRIES="$arg" ;;
  esac
done
JAR=api/target/offline-packs.jar
if [ ! -f "$JAR" ] || ! unzip -l "$JAR" | grep -q 'org/offlinepacks/api/http/UploadRoutes.class'; then
  ./mvnw -q -B package -DskipTests
fi
WORK=bench/work/uploads
rm -rf "$WORK" && mkdir -p "$WORK"
OUT="$WORK/result.md"
if [ ${#POSTGRES[@]} -gt 0 ]; then
  . bench/lib/services.sh
  trap stop_services EXIT
  chmod o+x "$WORK"
  start_postgres "$(pwd)/$WORK"
  POSTGRES=("$PG_URL")
  echo "PostgreSQL: $(as_pg_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc 'SHOW server_version' postgres), synchronous_commit $(as_pg_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc 'SHOW synchronous_commit' postgres), fsync $(as_pg_owner psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc 'SHOW fsync' postgres)" >"$WORK/postgres.txt"
fi
{
  echo "## Uploads"
  echo
  echo "\`bench/uploads.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1), SQLite on $(df -T "$WORK" | awk 'NR==2 {print $2}');"
  echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); 5 rounds, each running every path once in turn;"
  echo "medians, and the 1-minute load before each run (2 cores: above 2, runs waited for CPU)."
  echo
  java -Xmx1g -Dlogback.configurationFile=bench/logback-quiet.xml -cp "$JAR" bench/UploadBenchmark.java \
    sample-data/andorra "$WORK" "$ENTRIES" "${POSTGRES[@]}"
  if [ -f "$WORK/postgres.txt" ]; then echo; cat "$WORK/postgres.txt"; fi
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py Uploads "$OUT"
fi
