#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the test suite and print its URL.
# Installs Debian's postgresql package when the server binaries are missing.
# Usage: eval "$(scripts/pg-test-server.sh start DIR)"   # exports ISD_TEST_POSTGRES_URL
#        scripts/pg-test-server.sh stop DIR
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/isd-pg}
if [ -n "${ISD_PG_PORT:-}" ]; then
  port=$ISD_PG_PORT
else  # a free port on loopback, so a server already running elsewhere never collides
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "installing postgresql (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
run_as_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}
case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres; chown postgres "$dir"; }
      run_as_pg "$bindir/initdb -D '$dir' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if run_as_pg "$bindir/pg_ctl -D '$dir' status" >/dev/null 2>&1; then
      port=$(cat "$dir/isd-port")
    else
      if ! run_as_pg "$bindir/pg_ctl -D '$dir' -l '$dir/server.log' -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off\" -w start" >&2; then
        echo "PostgreSQL did not start; its log:" >&2
        tail -n 20 "$dir/server.log" >&2
        exit 1
      fi
      echo "$port" > "$dir/isd-port"
    fi
    echo "export ISD_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    run_as_pg "$bindir/pg_ctl -D '$dir' -m fast stop" >&2 || true
    ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
