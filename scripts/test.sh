#!/usr/bin/env bash
# Set up everything the test suite needs and run it:
# - ./.venv with isd and its test, PostgreSQL and Spark extras;
# - Debian packages when missing and we are root: PostgreSQL server, Chromium (browser tests),
#   a CJK font (chart labels), Java (Spark);
# - a throw-away PostgreSQL server on 127.0.0.1 for the store tests.
# Usage: bash scripts/test.sh [pytest args…]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "isd needs Python 3.11 or newer")'

need=()
[ -n "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ] || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-microhei)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "not root: cannot install ${need[*]}; the tests that need them will be skipped" >&2
  fi
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,postgres,spark]"

if [ -n "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]; then
  pgdir=$(mktemp -d /tmp/isd-pg.XXXXXX)
  pgenv=$(bash scripts/pg-test-server.sh start "$pgdir") || { echo "could not start the PostgreSQL test server" >&2; exit 1; }
  eval "$pgenv"
  trap 'bash scripts/pg-test-server.sh stop "$pgdir"' EXIT
  echo "store tests also run on PostgreSQL: $ISD_TEST_POSTGRES_URL"
fi

set +e
.venv/bin/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider "$@"
status=$?
set -e
[ $status -eq 5 ] && { echo "no tests collected" >&2; exit 1; }
exit $status
