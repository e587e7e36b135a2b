#!/usr/bin/env bash
# Creates .venv (Python 3.11, Glue 5.0 parity) from the frozen requirements/lock.txt and installs
# glue-jobs (the lean_ops_glue package) into it, editable; reinstalls only when either changes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv"
lock="$root/requirements/lock.txt"
stamp="$venv/.lock-sha256"
want="$(cat "$lock" "$root/glue-jobs/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python="$(command -v python3.11 || command -v python3)"
"$python" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' || {
  echo "bootstrap: Python 3.11 is required (Glue 5.0 parity), found $("$python" --version)" >&2
  exit 2
}
echo "bootstrap: installing the Python environment into .venv (pyspark builds a wheel: ~1 min)" >&2
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r "$lock" >&2
# Editable: .venv imports glue-jobs/lean_ops_glue in place (pip fetches setuptools to build it).
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps -e "$root/glue-jobs" >&2
echo "$want" > "$stamp"
