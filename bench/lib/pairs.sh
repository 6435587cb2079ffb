# Shared by the bench scripts: timed runs recorded one line each, for interleaved pairs
# (ours, peer, ours, peer, ...) summarised as medians by bench/lib/summary.py.
# Usage: RESULTS=file.tsv; source bench/lib/pairs.sh; run_timed LABEL PAIR COMMAND [ARGS...]
# A shell function as COMMAND must be exported (export -f NAME), with the variables it reads.
# Each line: label, pair number, wall s, user s, sys s, peak RSS KB (of the largest process), and
# the 1-minute load average just before the run.
run_timed() {
  local label=$1 pair=$2
  shift 2
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$(type -t "$1")" = function ]; then
    /usr/bin/time -f "%e %U %S %M" -o "$RESULTS.time" bash -c '"$@"' run_timed "$@"
  else
    /usr/bin/time -f "%e %U %S %M" -o "$RESULTS.time" "$@"
  fi
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$RESULTS.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$pair" "$wall" "$user" "$sys" "$rss" "$load" >> "$RESULTS"
}

# The machine, for the heading of a section.
machine_line() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1)"
}
