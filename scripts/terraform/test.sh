#!/usr/bin/env bash
# `make test-terraform`: the Terraform configuration checked with the real hashicorp/aws provider.
#   1. fmt -check; init + validate of the root and of every module
#   2. plan of each environment against the local endpoint (prod with a generated 750-topic
#      registry, or LEAN_OPS_TF_SCALE_COUNT topics for `make test-scale`, per-topic resources
#      counted from `terraform show -json`), and plans that must
#      be refused (maxReceiveCount < 5, visibility < 6x timeout, unknown topic selected, topic
#      tiers over the Lambda concurrency budget)
#   3. apply of dev with the demo topics, smoke check of names against docs/naming.md
#   4. add-one-topic plan against the applied state: only that topic's resources, never the stream;
#      and a second stream with the added topic on it: stream 0 and every deployed topic untouched
#   5. policy tests on the parsed HCL (pytest, python-hcl2) and checkov with zero failed checks
# Everything runs in a temporary copy: no lock file, state or override ever lands in the repo.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export PATH="$root/.tools/node/node_modules/.bin:$root/node_modules/.bin:$root/.venv/bin:$PATH"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
python="$root/.venv/bin/python"
started=$(date +%s)
step() { echo "== test-terraform [$(($(date +%s) - started))s] $*" >&2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/lean-ops-terraform.XXXXXX")"
results="$work/results"
config="$work/config"
stack_pid=""
cleanup() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    kill "$stack_pid" && wait "$stack_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$results"

step "build the Lambda bundles"
node scripts/build.mjs

step "provider hashicorp/aws 6.x"
cli_config="$(bash scripts/terraform/provider.sh)"
if [ -n "$cli_config" ]; then export TF_CLI_CONFIG_FILE="$cli_config"; fi

step "fmt -check"
terraform fmt -check -diff main.tf variables.tf outputs.tf versions.tf
terraform fmt -check -diff -recursive modules
terraform fmt -check -diff -recursive environments

step "package artifacts and stage a temporary copy of the configuration"
"$python" scripts/terraform/package.py --out "$work/packages" --placeholder-missing
mkdir -p "$work/glue-jobs"
for job in standardize curate maintain audit; do
  if [ -f "glue-jobs/$job.py" ]; then cp "glue-jobs/$job.py" "$work/glue-jobs/"; else
    echo "# placeholder: glue-jobs/$job.py is not written yet" >"$work/glue-jobs/$job.py"
    echo "test.sh: glue-jobs/$job.py missing, using a placeholder" >&2
  fi
done
mkdir -p "$config"
cp -r main.tf variables.tf outputs.tf versions.tf modules environments "$config/"
# modules/catalog reads the RAW envelope's one definition beside the modules, as in the repository.
mkdir -p "$config/schemas" && cp schemas/raw-envelope.json "$config/schemas/"
# The copy has no topic registry: point at the repository's (a later -var topics_dir wins).
common_vars=(-var "topics_dir=$root/schemas/topics" -var "artifacts_dir=$work/packages" -var "glue_jobs_dir=$work/glue-jobs")

step "init + validate: the root and every module"
validate() {
  terraform -chdir="$1" init -backend=false -input=false -no-color >/dev/null
  terraform -chdir="$1" validate -no-color >/dev/null
  echo "validated ${1#"$config"}" >&2
}
export -f validate
export config
printf '%s\n' "$config" "$config"/modules/* | xargs -P 2 -I{} bash -c 'validate "$@"' _ {}

step "start the local endpoint (ElasticMQ + moto + the harness gateway)"
"$python" tests/terraform/harness/local_stack.py serve --state-file "$work/endpoint.json" \
  --override-dir "$config" --parent-pid $$ >"$work/endpoint.log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 120); do [ -f "$work/endpoint.json" ] && break; sleep 0.5; done
[ -f "$work/endpoint.json" ] || { cat "$work/endpoint.log" >&2; exit 1; }
terraform -chdir="$config" init -input=false -no-color -reconfigure >/dev/null

plan_json() { # plan_json <name> <terraform plan args...>
  local name="$1"; shift
  terraform -chdir="$config" plan -input=false -no-color -lock=false -parallelism=20 -out="$work/$name.plan" "$@" >"$work/$name.plan.log" ||
    { tail -50 "$work/$name.plan.log" >&2; return 1; }
  terraform -chdir="$config" show -json "$work/$name.plan" >"$results/$name.plan.json"
  grep -E '^Plan:' "$work/$name.plan.log" >&2 || true
}

step "plan staging (demo topics)"
plan_json staging -var-file=environments/staging.tfvars "${common_vars[@]}"

step "plans refuse invalid settings"
expect_refusal() { # expect_refusal <message fragment> <terraform plan args...>
  local fragment="$1"; shift
  if terraform -chdir="$config" plan -input=false -no-color -lock=false "$@" >"$work/refused.log" 2>&1; then
    echo "test.sh: plan accepted $* but should refuse it" >&2; exit 1
  fi
  # Terraform wraps its error messages: compare with line breaks folded into spaces
  tr '\n' ' ' <"$work/refused.log" | tr -s ' ' | grep -qF "$fragment" || { tail -20 "$work/refused.log" >&2; exit 1; }
  echo "refused as expected: $fragment" >&2
}
expect_refusal "max_receive_count must be between 5" -var-file=environments/dev.tfvars "${common_vars[@]}" -var max_receive_count=3
expect_refusal "visibility_timeout_multiplier must be" -var-file=environments/dev.tfvars "${common_vars[@]}" -var 'processor={timeout_seconds=60,visibility_timeout_multiplier=2}'
expect_refusal "names topics that are not in" -var-file=environments/dev.tfvars "${common_vars[@]}" -var 'topic_selection={include=["no-such-topic"]}'
expect_refusal "glue.execution_class must be STANDARD or FLEX" -var-file=environments/dev.tfvars "${common_vars[@]}" -var 'glue={execution_class="SPOT"}'
expect_refusal "over lambda_concurrency_budget" -var-file=environments/dev.tfvars "${common_vars[@]}" -var lambda_concurrency_budget=100
echo '{"streams": 2, "topics": {"alarms": 1}}' >"$work/streams-partial.json"
expect_refusal "leaves 9 topics without a stream" -var-file=environments/dev.tfvars "${common_vars[@]}" -var "stream_assignment_file=$work/streams-partial.json"

scale_count="${LEAN_OPS_TF_SCALE_COUNT:-750}"
step "plan prod with a generated ${scale_count}-topic registry"
scale_topics="$work/topics-$scale_count"
node dist/cli/lean-ops.mjs gen-topics --count "$scale_count" --out "$scale_topics" --seed 6 >/dev/null
# beyond prod's declared 3,000, a registry this large needs the account concurrency raised: declare it
scale_budget=()
if [ "$scale_count" -gt 750 ]; then scale_budget=(-var "lambda_concurrency_budget=$((scale_count * 5))"); fi
# sharded: 10 events/s per topic at 1,400 bytes each (750 topics → 4 streams, 5,000 → 20)
node dist/cli/lean-ops.mjs capacity --registry "$scale_topics" --events-per-second $((scale_count * 10)) \
  --bytes-per-event 1400 --region us-east-1 --concurrency-budget 1000000 --write "$results/prod-scale.streams.json" >/dev/null
plan_json prod-scale -var-file=environments/prod.tfvars "${common_vars[@]}" -var "topics_dir=$scale_topics" "${scale_budget[@]}" \
  -var "stream_assignment_file=$results/prod-scale.streams.json" -refresh=false

step "apply dev (demo topics) to the local endpoint"
terraform -chdir="$config" apply -input=false -no-color -auto-approve -parallelism=20 \
  -var-file=environments/dev.tfvars "${common_vars[@]}" >"$work/dev.apply.log" ||
  { grep -A12 '^Error' "$work/dev.apply.log" >&2; exit 1; }
grep -E '^Apply complete' "$work/dev.apply.log" >&2
terraform -chdir="$config" output -json >"$results/dev-outputs.json"

step "plan dev again, and with one topic added"
plan_json dev-baseline -var-file=environments/dev.tfvars "${common_vars[@]}"
grown_topics="$work/topics-grown"
added_topic="zz-added-topic"
cp -r schemas/topics "$grown_topics"
"$python" - "$grown_topics" "$added_topic" <<'PY'
import json, sys
from pathlib import Path
folder, topic = Path(sys.argv[1]), sys.argv[2]
template = json.loads((folder / "engine-temperature.json").read_text())
template["topic"] = topic
(folder / f"{topic}.json").write_text(json.dumps(template, indent=2))
PY
plan_json dev-added-topic -var-file=environments/dev.tfvars "${common_vars[@]}" -var "topics_dir=$grown_topics"

step "plan dev with a second stream: the added topic on it, every deployed topic where it was"
"$python" - "$grown_topics" "$added_topic" "$results/dev-second-stream.streams.json" <<'PY'
import json, sys
from pathlib import Path
folder, added, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
topics = {json.loads(path.read_text())["topic"]: 0 for path in folder.glob("*.json")}
topics[added] = 1
out.write_text(json.dumps({"streams": 2, "topics": topics}, indent=2))
PY
plan_json dev-second-stream -var-file=environments/dev.tfvars "${common_vars[@]}" -var "topics_dir=$grown_topics" \
  -var "stream_assignment_file=$results/dev-second-stream.streams.json"

step "pytest tests/terraform (policies, plan counts, add-one-topic, smoke)"
LEAN_OPS_TF_RESULTS="$results" LEAN_OPS_TF_REQUIRE_RESULTS=1 LEAN_OPS_TF_SCALE_TOPICS="$scale_topics" \
  LEAN_OPS_TF_ADDED_TOPIC="$added_topic" LEAN_OPS_TF_ENDPOINT_STATE="$work/endpoint.json" \
  "$python" -m pytest -q -p no:cacheprovider tests/terraform

step "stop the local endpoint"
kill "$stack_pid" && wait "$stack_pid" 2>/dev/null || true
stack_pid=""

step "checkov"
bash scripts/terraform/checkov.sh

step "done"
