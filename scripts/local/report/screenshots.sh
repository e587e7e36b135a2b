#!/usr/bin/env bash
# `make report-screenshots`: the accountability page as a browser shows it. Renders a passing and a
# failing example (render_examples.py) and, when there is one, the latest local run's report, and
# photographs each in headless Chromium (Debian's package, installed here when missing) into
# .run/report-screenshots/*.png. Not part of `make test`: it needs the Debian package.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
out="$root/.run/report-screenshots"
mkdir -p "$out"
if ! command -v chromium >/dev/null; then
  echo "report-screenshots: installing Debian's chromium" >&2
  apt-get install -y chromium >/dev/null
fi
"$root/.venv/bin/python" "$root/scripts/local/report/render_examples.py" --out "$out" >/dev/null
pages=("$out/passing.html" "$out/failing.html")
latest="$root/.run/local/latest/accountability.html"
[ -f "$latest" ] && cp "$latest" "$out/latest-run.html" && pages+=("$out/latest-run.html")
for page in "${pages[@]}"; do
  profile="$(mktemp -d)"
  # the flags keep Chromium off the network it would otherwise try at every start
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1280,1400 \
    --screenshot="${page%.html}.png" "file://$page" >/dev/null 2>&1
  rm -rf "$profile"
  echo "${page%.html}.png"
done
