#!/usr/bin/env bash
# The schema gate, exactly as CI (.github/workflows/schemas.yml) and the pre-commit hook
# (.pre-commit-hooks.yaml) run it, so a topic owner sees locally what CI will say.
#
#   scripts/ci/lint-schemas.sh [--base GIT_REF] [--format text|json|github] [PATH...]
#
# PATH: topic files or folders (default schemas/topics; pre-commit passes the staged files).
# --base: what to compare with; default $LEAN_OPS_SCHEMA_BASE, else HEAD (pre-commit: the
# last commit), else no base (a repository without commits).
# Exit codes are lean-ops lint-schemas': 0 clean, 1 findings, 2 usage or I/O error.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
base="${LEAN_OPS_SCHEMA_BASE:-}"
format=text
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="${2:?--base needs a git ref}"; shift 2 ;;
    --format) format="${2:?--format needs a value}"; shift 2 ;;
    --) shift; paths+=("$@"); break ;;
    -*) echo "lint-schemas.sh: unknown option $1" >&2; exit 2 ;;
    *) paths+=("$1"); shift ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || paths=(schemas/topics)
if [ -z "$base" ] && git rev-parse -q --verify 'HEAD^{commit}' >/dev/null 2>&1; then
  base=HEAD
fi
# pre-commit runs hooks from its own clone of this repository: install the CLI's dependencies
# there on first use (the Makefile pins Node and runs npm ci), on stderr so output stays clean.
[ -d "$root/node_modules" ] || make -C "$root" --no-print-directory deps-node >&2
args=(lint-schemas --format "$format")
[ -z "$base" ] || args+=(--base "$base")
# The linter's option, spelled out so the env var cannot add a second base behind our back.
LEAN_OPS_SCHEMA_BASE= exec "$root/scripts/bin/lean-ops" "${args[@]}" "${paths[@]}"
