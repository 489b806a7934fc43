#!/usr/bin/env bash
# The whole suite twice: on SQLite (the embedded default) and on a real PostgreSQL server that
# sanxiang.testing.postgres starts in a temporary directory and stops afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PYTHONDONTWRITEBYTECODE=1
echo "== tests on SQLite =="
"$VENV/bin/pytest" -q "$@"
echo "== tests on PostgreSQL =="
"$VENV/bin/python" -m sanxiang.testing.postgres -- "$VENV/bin/pytest" -q "$@"
