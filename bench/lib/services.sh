# Throwaway PostgreSQL and s3proxy for the benchmarks and bench/cluster.sh; source it, then
#   start_postgres DIR      sets PG_URL (jdbc:postgresql://127.0.0.1:PORT/postgres), PG_PORT
#   start_s3proxy DIR       sets S3_ENDPOINT (http://127.0.0.1:PORT) and the AWS_* credentials it accepts
#   stop_services           stops whatever was started (also on exit, through the trap the caller sets)
# PostgreSQL comes from Debian (apt-get install postgresql); s3proxy from Maven Central.

S3PROXY_VERSION=2.7.0
STARTED_PG=""
STARTED_S3=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# initdb and pg_ctl run as the postgres user when this runs as root (PostgreSQL refuses root).
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local dir="$1/postgres"
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed: apt-get install postgresql" >&2
    return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  PG_PORT=$(free_port)
  as_pg_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$1/postgres-initdb.log" 2>&1
  as_pg_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  STARTED_PG="$bin/pg_ctl -D $dir/data"
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  export PG_URL PG_PORT
}

s3proxy_jar() {
  local jar="$HOME/.m2/repository/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  if [ ! -f "$jar" ]; then
    ./mvnw -q -B dependency:get -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" >/dev/null
  fi
  echo "$jar"
}

start_s3proxy() {
  local dir="$1/s3proxy"
  rm -rf "$dir" && mkdir -p "$dir/data"
  local port
  port=$(free_port)
  export AWS_ACCESS_KEY_ID=bench-access-key AWS_SECRET_ACCESS_KEY=bench-secret-access-key
  cat >"$dir/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
jclouds.identity=$AWS_ACCESS_KEY_ID
jclouds.credential=$AWS_SECRET_ACCESS_KEY
jclouds.filesystem.basedir=$dir/data
PROPERTIES
  java -Xmx512m -jar "$(s3proxy_jar)" --properties "$dir/s3proxy.properties" >"$dir/s3proxy.log" 2>&1 &
  STARTED_S3=$!
  for _ in $(seq 1 300); do
    grep -q "Started ServerConnector" "$dir/s3proxy.log" && break
    kill -0 "$STARTED_S3" 2>/dev/null || { cat "$dir/s3proxy.log" >&2; return 1; }
    sleep 0.1
  done
  S3_ENDPOINT="http://127.0.0.1:$port"
  export S3_ENDPOINT
}

stop_services() {
  if [ -n "$STARTED_S3" ]; then kill "$STARTED_S3" 2>/dev/null || true; STARTED_S3=""; fi
  if [ -n "$STARTED_PG" ]; then as_pg_owner $STARTED_PG -m fast stop >/dev/null 2>&1 || true; STARTED_PG=""; fi
}
