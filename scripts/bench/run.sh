#!/usr/bin/env bash
# `make bench`: runs every benchmark under scripts/bench/ (bench-*.mjs on the pinned Node,
# bench-*.py in the venv, bench-*.sh). Each prints a Markdown section on stdout; the sections are
# collected, in name order, into docs/benchmarks.md (bench-recorded.py re-prints the sections that
# `make months` and `make test-scale` record, so they survive). Benchmarks never assert on time.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.run/bench"
rm -rf "$out" && mkdir -p "$out"
for script in "$root"/scripts/bench/bench-*; do
  name="$(basename "$script")"
  echo "bench: $name" >&2
  case "$script" in
    *.mjs) node "$script" > "$out/$name.md" ;;
    *.py) "$root/.venv/bin/python" "$script" > "$out/$name.md" ;;
    *.sh) bash "$script" > "$out/$name.md" ;;
  esac
done
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m). Figures"
  echo "are from this run; ratios compare against a baseline measured in the same run."
  for section in "$out"/*.md; do echo; cat "$section"; done
} > "$root/docs/benchmarks.md"
echo "bench: wrote docs/benchmarks.md" >&2
