#!/usr/bin/env bash
# Deploys the schemas of this checkout to one environment, as the workflow's deploy jobs run it
# (.github/workflows/schemas.yml). The checkout must be the commit the lint job passed:
#
#   LEAN_OPS_LINTED_AT=<commit> AWS_ACCOUNT_ID=<12 digits> scripts/ci/deploy-schemas.sh <env> [deploy-schemas options]
#
# Exit codes are lean-ops deploy-schemas': 0 done, 1 refused or a topic conflicted/failed,
# 2 usage, configuration, or a checkout that is not the linted commit.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
usage() { echo "deploy-schemas.sh: $1" >&2; exit 2; }
[ $# -ge 1 ] || usage "usage: deploy-schemas.sh <env> [deploy-schemas options]"
env_name="$1"
shift
[ -n "${LEAN_OPS_LINTED_AT:-}" ] || usage "set LEAN_OPS_LINTED_AT to the commit the lint job passed"
[ -n "${AWS_ACCOUNT_ID:-}" ] || usage "set AWS_ACCOUNT_ID (the artifacts bucket is <name>-artifacts-<account>)"
# an explicit --name (tests, a deployment not called lean-ops-<env>) replaces --env: the CLI takes one
target=(--env "$env_name")
for arg in "$@"; do [ "$arg" = --name ] && target=(); done
exec "$root/scripts/bin/lean-ops" deploy-schemas "${target[@]}" \
  --linted-at "$LEAN_OPS_LINTED_AT" --account "$AWS_ACCOUNT_ID" "$@"
