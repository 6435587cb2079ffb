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
cp "$(dirname "$0")/offline-packs" "$TARGET/offline-packs"
chmod +x "$TARGET/offline-packs"
rm -rf "$TARGET/offline-packs.jsa" "$TARGET/offline-packs.jsa.jar" "$TARGET/startup-training"
"${JAVA:-java}" -XX:ArchiveClassesAtExit="$TARGET/offline-packs.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$JAR" org.offlinepacks.api.cli.StartupTraining "$SAMPLES" "$TARGET/startup-training" \
  > "$TARGET/startup-training.log" 2>&1 || { cat "$TARGET/startup-training.log" >&2; exit 1; }
stat -c '%n %s %Y' "$JAR" > "$TARGET/offline-packs.jsa.jar"
rm -rf "$TARGET/startup-training"
