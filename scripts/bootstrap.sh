#!/usr/bin/env bash
# Create .venv with Python 3.12 (the version in .python-version) and install the project.
# Re-running is cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
want=$(cat .python-version)

find_python() {
  for cand in "python${want%.*}" "python3.12" "python3"; do
    if PYENV_VERSION="$want" "$cand" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 12))' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  py=$(find_python) || { echo "需要 Python ${want%.*} (Python ${want%.*} is required; install it or use pyenv)" >&2; exit 1; }
  PYENV_VERSION="$want" "$py" -m venv "$VENV"
fi
stamp="$VENV/.installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/pip" install -q --disable-pip-version-check -e ".[dev]"
  touch "$stamp"
fi
