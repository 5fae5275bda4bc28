#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the central service tests and bench.
#
#   eval "$(bash scripts/pg-test-cluster.sh start)"   # exports TEST_DATABASE_URL (and PG_TEST_DIR)
#   bash scripts/pg-test-cluster.sh status
#   bash scripts/pg-test-cluster.sh stop              # stops it and deletes the data directory
#
# Own data directory (PG_TEST_DIR, default /tmp/dl-pg-test), 127.0.0.1 only, a free port, trust
# auth (loopback, test data only), database dl_test. Idempotent: `start` on a running cluster just
# prints the exports again. As root, the cluster runs as the `postgres` user (PostgreSQL refuses
# to run as root); otherwise as the current user. Uses the newest /usr/lib/postgresql/*/bin.
# Only the export lines go to stdout; progress goes to stderr.
set -euo pipefail

DIR="${PG_TEST_DIR:-/tmp/dl-pg-test}"
DATA="$DIR/data"
DB="dl_test"
log() { echo "pg-test-cluster: $*" >&2; }

BIN="${PG_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  log "no PostgreSQL server binaries found (/usr/lib/postgresql/*/bin); apt-get install postgresql"
  exit 1
fi

if [ "$(id -u)" = "0" ]; then
  RUNAS=(runuser -u postgres --)
  OWNER="postgres"
else
  RUNAS=()
  OWNER="$(id -un)"
fi
run() { "${RUNAS[@]}" "$@"; }

port_of() { cat "$DIR/port" 2>/dev/null || true; }
url_of() { echo "postgresql://postgres@127.0.0.1:$(port_of)/$DB"; }
print_exports() {
  echo "export TEST_DATABASE_URL='$(url_of)'"
  echo "export PG_TEST_DIR='$DIR'"
}
running() { [ -f "$DATA/PG_VERSION" ] && run "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

start() {
  if running; then
    log "already running on port $(port_of) ($DATA)"
    print_exports
    return 0
  fi
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    install -d -m 700 -o "$OWNER" "$DATA"
    log "initdb $DATA ($("$BIN/postgres" --version))"
    run "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 || {
      cat "$DIR/initdb.log" >&2
      exit 1
    }
  fi
  local port
  port="$(free_port)"
  echo "$port" >"$DIR/port"
  install -d -m 755 -o "$OWNER" "$DIR/sock"
  touch "$DIR/server.log" && chown "$OWNER" "$DIR/server.log"
  log "starting on 127.0.0.1:$port"
  run "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-p $port -k $DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2 || {
    tail -n 30 "$DIR/server.log" >&2
    exit 1
  }
  if ! run "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    run "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $DB" >&2
  fi
  print_exports
}

stop() {
  if running; then
    log "stopping ($DATA)"
    run "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
}

status() {
  if running; then
    log "running on port $(port_of) ($DATA)"
    print_exports
  else
    log "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url_of ;;
  *)
    echo "usage: bash scripts/pg-test-cluster.sh start|stop|status|url" >&2
    exit 2
    ;;
esac
