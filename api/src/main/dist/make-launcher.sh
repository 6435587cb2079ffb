#!/bin/sh
# Run by Maven at `package` (exec-maven-plugin, after the shaded jar): writes TARGET/offline-packs,
# the launcher, and TARGET/offline-packs.jsa, the class-data-sharing archive of the classes the
# short commands load (StartupTraining runs them once on the sample data). The archive holds
# those classes parsed, verified and laid out as the JVM wants them, memory-mapped at start
# instead of read from the jar; it fits this jar and this JVM only: with another, the JVM starts
# without it, as it would anyway.
# Usage: make-launcher.sh TARGET_DIR SAMPLE_DATA_DIR
set -eu
TARGET=$1
SAMPLES=$2
JAR="$TARGET/offline-packs.jar"
cat > "$TARGET/offline-packs" <<'LAUNCHER'
#!/bin/sh
# offline-packs: runs offline-packs.jar (beside this script) with its class-data-sharing archive
# offline-packs.jsa, and the short commands (cover, estimate, tiles, verify, --help, --version)
# with the JVM's quick compiler only (the optimizing one costs more CPU than it saves in a run of
# seconds), the serial garbage collector (the least to set up) and no performance counters file.
# JAVA (default: java on the PATH) and JAVA_OPTS are honoured.
DIR=$(cd "$(dirname "$0")" && pwd)
case "${1:-}" in
  cover|estimate|tiles|verify|help|--help|-h|--version|-V|'')
    QUICK="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData" ;;
  *) QUICK= ;;
esac
exec "${JAVA:-java}" -XX:SharedArchiveFile="$DIR/offline-packs.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \
  $QUICK ${JAVA_OPTS:-} -jar "$DIR/offline-packs.jar" "$@"
LAUNCHER
chmod +x "$TARGET/offline-packs"
rm -rf "$TARGET/offline-packs.jsa" "$TARGET/startup-training"
"${JAVA:-java}" -XX:ArchiveClassesAtExit="$TARGET/offline-packs.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$JAR" org.offlinepacks.api.cli.StartupTraining "$SAMPLES" "$TARGET/startup-training" \
  > "$TARGET/startup-training.log" 2>&1 || { cat "$TARGET/startup-training.log" >&2; exit 1; }
rm -rf "$TARGET/startup-training"
