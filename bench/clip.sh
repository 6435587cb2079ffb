#!/usr/bin/env bash
# Clip benchmark, one command: a village's clip + import on the Andorra extract against the same
# village in a synthetic country extract of at least 1 GB (the Andorra sample tiled COPIES times
# by bench/extract/CountryExtractMaker.java), both through the extract index; interleaved pairs,
# medians, the load average before each run; plus the one-time index builds (time, peak RSS) and
# one streaming clip of each file for comparison.
# Usage: bench/clip.sh [--record] [--pairs N] [--copies N]   (needs Java 17; builds the jar if missing)
# Works under bench/work/clip (git-ignored; the country extract and its index are kept between runs,
# they take minutes to make); --record replaces the "## Clip" section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORD=false
PAIRS=9
COPIES=2100
while [ $# -gt 0 ]; do
  case "$1" in
    --record) RECORD=true ;;
    --pairs) PAIRS=$2; shift ;;
    --copies) COPIES=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
JAR=api/target/offline-packs.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
WORK=bench/work/clip
mkdir -p "$WORK"
cp "$JAR" "$WORK/offline-packs.jar"
J="$WORK/offline-packs.jar"
QUIET=-Dlogback.configurationFile=bench/logback-quiet.xml
COUNTRY="$WORK/country-$COPIES.osm.pbf"
if [ ! -f "$COUNTRY" ]; then
  echo "making $COUNTRY (minutes) ..." >&2
  java -Xmx1g $QUIET -cp "$J" bench/extract/CountryExtractMaker.java sample-data/andorra.osm.pbf "$COPIES" "$COUNTRY.tmp" >&2
  mv "$COUNTRY.tmp" "$COUNTRY"
fi
index() { # pbf dir label
  if [ ! -f "$2/index.json" ]; then
    rm -rf "$2"
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/index.time" java -Xmx1g $QUIET -cp "$J" bench/ClipBenchmark.java index "$1" "$2"
    read -r wall user sys rss < <(tail -1 "$WORK/index.time")
    echo "- index of $3: $wall s, $(awk "BEGIN { printf \"%.0f\", $user + $sys }") CPU-s, peak RSS $((rss / 1024)) MB (-Xmx1g), $(du -sm "$2" | cut -f1) MB on disk (load $load)"
  else
    echo "- index of $3: kept from an earlier run ($(du -sm "$2" | cut -f1) MB on disk)"
  fi
}
INDEX_LINES=$(index sample-data/andorra.osm.pbf "$WORK/andorra-index" "the Andorra extract"; index "$COUNTRY" "$WORK/country-$COPIES-index" "the country extract")
# the village's copy: the middle one of the grid (see CountryExtractMaker)
read -r DLON DLAT < <(python3 -c "
import math; c=$COPIES; cols=math.ceil(math.sqrt(c*0.26/0.42)); m=c//2
print((m % cols) * 0.42, -(m // cols) * 0.26)")
OUT="$WORK/result.md"
{
  echo "## Clip"
  echo
  echo "\`bench/clip.sh\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)."
  echo "Country extract: the Andorra sample tiled $COPIES times ($(du -m "$COUNTRY" | cut -f1) MB of PBF, bench/extract/CountryExtractMaker.java); the village is"
  echo "the same polygon in Andorra and in the middle copy (shifted by $DLON°, $DLAT°). One-time work per extract version:"
  echo
  echo "$INDEX_LINES"
  echo
  java -Xmx2g $QUIET -cp "$J" bench/ClipBenchmark.java pairs sample-data/andorra.osm.pbf "$WORK/andorra-index" \
    "$COUNTRY" "$WORK/country-$COPIES-index" "$DLON" "$DLAT" "$PAIRS" "$WORK/runs" --streaming
  echo
  echo "What is measured: each pair runs the four rows in order in one JVM (after one warm-up of each); a clip"
  echo "reads the index cells that the buffered village's envelope touches and writes the clipped PBF; the import"
  echo "is the pack's (GraphHopper 11, CH for foot and car, small segments)."
} | tee "$OUT"
if $RECORD; then
  python3 bench/record-section.py Clip "$OUT"
fi
