# Shared by the bench scripts that run the launcher. Usage: source bench/lib/launcher.sh; install_launcher DIR
# Copies the jar into DIR, so that others rebuilding api/target do not change what runs, and makes
# the launcher and its class-data-sharing archive there (the JVM uses an archive only for the jar
# path it was made with).
install_launcher() {
  cp api/target/offline-packs.jar "$1/"
  sh api/src/main/dist/make-launcher.sh "$1" sample-data
}
