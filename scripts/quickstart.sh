#!/usr/bin/env bash
# Set up isd in ./.venv and run the main job on the embedded default:
# SQLite store, bundled data and sample sources: collect → extract → review state → report.
# Usage: bash scripts/quickstart.sh            (ISD_HOME defaults to ./isd-home)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "isd needs Python 3.11 or newer")'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
export ISD_HOME=${ISD_HOME:-$PWD/isd-home}
.venv/bin/isd demo
