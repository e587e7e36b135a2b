#!/usr/bin/env bash
# `make deploy ENV=<env>`: the deploy checklist of docs/deploy.md in order, for one environment.
#
#   scripts/deploy/deploy.sh <env>            build → package → init (the env's backend) → plan →
#                                             apply after you type the env name → deploy-schemas
#   scripts/deploy/deploy.sh <env> --check    only check that the env's files belong together
#
# Refuses (exit 2, nothing run) when environments/<env>.s3.tfbackend and environments/<env>.tfvars
# do not describe the same environment: the backend's state key must be lean-ops/<env>/..., the
# tfvars' `environment` must be <env>, and the backend bucket must be a real account's. Every init
# is `-reconfigure` with this env's backend, so a state initialised for another env never lingers.
# AUTO_APPROVE=1 applies without asking (a pipeline that reviewed the plan). TERRAFORM, PYTHON,
# LEAN_OPS, MAKE and LEAN_OPS_ENVIRONMENTS (the folder of env files) can be overridden (tests).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
terraform="${TERRAFORM:-terraform}"
python="${PYTHON:-$root/.venv/bin/python}"
lean_ops="${LEAN_OPS:-$root/scripts/bin/lean-ops}"
make_cmd="${MAKE:-make}"
environments="${LEAN_OPS_ENVIRONMENTS:-$root/environments}"

refuse() { echo "deploy: $1" >&2; exit 2; }
[ $# -ge 1 ] || refuse "usage: deploy.sh <env> [--check]  (e.g. make deploy ENV=dev)"
env_name="$1"
mode="${2:-deploy}"
[[ "$env_name" =~ ^[a-z][a-z0-9]{0,15}$ ]] || refuse "ENV \"$env_name\" is not an environment name"
[[ "$mode" == deploy || "$mode" == --check ]] || refuse "unknown option $mode (only --check)"

backend="$environments/$env_name.s3.tfbackend"
tfvars="$environments/$env_name.tfvars"
[ -f "$backend" ] || refuse "$backend is missing (one backend file per environment)"
[ -f "$tfvars" ] || refuse "$tfvars is missing (one tfvars file per environment)"

# `name = "value"` of an HCL attribute file, comments ignored
value_of() { sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*\"([^\"]*)\".*/\\1/p" "$1" | head -n 1; }
key="$(value_of "$backend" key)"
bucket="$(value_of "$backend" bucket)"
declared="$(value_of "$tfvars" environment)"
[ "$declared" = "$env_name" ] ||
  refuse "$tfvars says environment = \"$declared\", not \"$env_name\": these are another environment's variables"
[[ "$key" == */"$env_name"/* ]] ||
  refuse "$backend keeps state at \"$key\", which is not $env_name's (expected lean-ops/$env_name/terraform.tfstate)"
[[ -n "$bucket" && "$bucket" != *ACCOUNT_ID* ]] ||
  refuse "$backend: bucket \"$bucket\" still has the ACCOUNT_ID placeholder; create the state bucket (docs/deploy.md §2) and put its name there"
if ! grep -Eq '^[[:space:]]*operator_email_subscriptions[[:space:]]*=[[:space:]]*\[[[:space:]]*"' "$tfvars"; then
  echo "deploy: warning: $tfvars sets no alarms.operator_email_subscriptions: no one is paged by e-mail (docs/deploy.md §3)" >&2
fi
echo "deploy: $env_name: state $bucket/$key, variables $tfvars"
[ "$mode" = --check ] && exit 0

cd "$root"
echo "== 1. build and package"
"$make_cmd" build
"$python" scripts/terraform/package.py
echo "== 2. init with $env_name's backend"
"$terraform" init -reconfigure -input=false -backend-config="$backend"
echo "== 3. plan"
"$terraform" plan -input=false -var-file="$tfvars" -out="$env_name.plan"
if [ "${AUTO_APPROVE:-}" != 1 ]; then
  read -r -p "apply $env_name.plan to lean-ops-$env_name? type \"$env_name\" to apply: " answer
  [ "$answer" = "$env_name" ] || refuse "not applied (answer was \"$answer\")"
fi
echo "== 4. apply"
"$terraform" apply -input=false "$env_name.plan"
echo "== 5. deploy-schemas (the orchestrator plans from the registry only this fills)"
"$lean_ops" deploy-schemas --env "$env_name" --linted-at "$(git rev-parse HEAD)"
cat <<NEXT
== done. Two steps remain by hand (docs/deploy.md §3):
   - RAW partition spec: the Spark snippet under "RAW tables", after an apply that created tables
   - alarm delivery: confirm the e-mail subscriptions, then force one alarm:
     aws cloudwatch set-alarm-state --alarm-name lean-ops-$env_name-unmeasured-topics --state-value ALARM --state-reason "deploy check"
NEXT
