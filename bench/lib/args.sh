# Shared by the bench scripts that take [--record] [--pairs N]; sets RECORD (true or false) and PAIRS.
# Usage: source bench/lib/args.sh; bench_args DEFAULT_PAIRS "$@"
bench_args() {
  PAIRS=$1
  RECORD=false
  shift
  while [ $# -gt 0 ]; do
    case "$1" in
      --record) RECORD=true ;;
      --pairs) PAIRS=$2; shift ;;
      *) echo "unknown argument $1 (usage: [--record] [--pairs N])" >&2; exit 2 ;;
    esac
    shift
  done
}
