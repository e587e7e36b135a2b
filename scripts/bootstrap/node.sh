#!/usr/bin/env bash
# Installs the project's own Node 22 under .tools/node from the npm registry's `node` package,
# so nothing depends on the machine's Node (see docs/decisions.md, "Node 22 pinned by the project").
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(tr -d ' \n' < "$root/.node-version")"
prefix="$root/.tools/node"
bin="$prefix/node_modules/.bin/node"
if [ -x "$bin" ] && [ "$("$bin" --version)" = "v$version" ]; then
  exit 0
fi
echo "bootstrap: installing node@$version into .tools/node" >&2
mkdir -p "$prefix"
# The machine's npm only downloads here; every later step runs on the pinned Node.
npm install --silent --no-audit --no-fund --no-save --prefix "$prefix" "node@$version" >&2
"$bin" --version >/dev/null
