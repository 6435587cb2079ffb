#!/usr/bin/env bash
# A forms-only change republishes the six sample packs: seconds per pack against their first full
# build, with the tile requests to the upstream and the graph imports counted (issue 12: no tile
# request, no import, under one second per pack).
# Usage: bench/forms-rebuild.sh [--record]   (needs Java 17; builds what it misses)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD=false
[ "${1:-}" = "--record" ] && RECORD=true
WORK=bench/work/forms-rebuild
rm -rf "$WORK" && mkdir -p "$WORK"
if [ ! -f api/target/offline-packs.jar ] || [ ! -f bench/work/field-link/cp.txt ]; then
  mkdir -p bench/work/field-link
  ./mvnw -q -B package -DskipTests
  ./mvnw -q -B -pl api -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/bench/work/field-link/cp.txt" >/dev/null
fi
CP="$(pwd)/api/target/offline-packs.jar:$(pwd)/api/target/test-classes:$(cat bench/work/field-link/cp.txt)"
OUT="$WORK/result.md"
{
  echo "## Forms-only rebuilds"
  echo
  echo "\`bench/forms-rebuild.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(java -version 2>&1 | head -1); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Each sample pack is built in full (tiles fetched over HTTP from a local upstream, routing from the Andorra"
  echo "extract), then rebuilt after a new version of a form: its tiles and routing parts are reused by their"
  echo "inputs' hash (build.json beside each version). One run per pack, in one JVM, after the first pack has warmed it."
  echo
  # from api/, where the sample campaign is ../sample-data, as in the tests
  (cd api && java -Xmx1g -Dlogback.configurationFile=../bench/logback-quiet.xml -cp "$CP" \
    ../bench/FormsRebuildBenchmark.java "../$WORK/data")
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py "Forms-only rebuilds" "$OUT"
fi
