# lean-ops: every target installs what it needs when missing (Node 22 under .tools/node, npm ci,
# the Python venv, ElasticMQ and Iceberg jars), so `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
ROOT := $(abspath .)
export PATH := $(ROOT)/.tools/node/node_modules/.bin:$(ROOT)/node_modules/.bin:$(ROOT)/.venv/bin:$(PATH)
export SPARK_LOCAL_IP := 127.0.0.1
export NODE_OPTIONS := --enable-source-maps
JEST := node --experimental-vm-modules node_modules/jest/bin/jest.js
PYTEST := .venv/bin/python -m pytest

.PHONY: help deps deps-node deps-py deps-jars build run soak test test-static test-schemas test-unit \
        test-integration test-py test-e2e test-terraform test-scale bench months clean py-lock deploy report-screenshots
RUN_EVENTS ?= 20000
SOAK_EVENTS ?= 1000000
SOAK_TOPICS ?= 750
SOAK_ACTIVE ?= 75
SOAK_STREAMS ?= 4

help:
	@echo "make run    run the pipeline locally end to end on the embedded default"
	@echo "make test   all tests (static checks, TS unit, Python/Spark, integration, Terraform)"
	@echo "make build  bundle every Lambda and the CLI into dist/"
	@echo "make bench  benchmarks, written to docs/benchmarks.md"
	@echo "make soak   the scale run (SOAK_EVENTS over SOAK_TOPICS generated topics, SOAK_STREAMS Firehose streams)"
	@echo "make months months of table maintenance, compressed (nothing lost, tables bounded)"
	@echo "make test-scale  the Terraform tests with a 5,000-topic prod plan, and lint at 5,000 topics"
	@echo "make deploy ENV=<env>  deploy one environment: build, package, init, plan, apply, deploy-schemas (docs/deploy.md)"
	@echo "make report-screenshots  the accountability page in headless Chromium (passing, failing, latest run)"

deps: deps-node deps-py deps-jars

# The accountability page as a browser shows it (installs Debian's chromium when missing).
report-screenshots: deps-py
	bash scripts/local/report/screenshots.sh

# The deploy checklist of docs/deploy.md for one environment; refuses mismatched backend/tfvars.
deploy:
	@[ -n "$(ENV)" ] || { echo "make deploy: ENV=<env> is required, e.g. make deploy ENV=dev" >&2; exit 2; }
	bash scripts/deploy/deploy.sh $(ENV)

deps-node: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json .node-version scripts/bootstrap/node.sh
	bash scripts/bootstrap/node.sh
	npm ci --no-audit --no-fund
	touch $@

deps-py: .venv/.lock-sha256
.venv/.lock-sha256: requirements/lock.txt glue-jobs/pyproject.toml scripts/bootstrap/python.sh
	bash scripts/bootstrap/python.sh

deps-jars:
	bash scripts/bootstrap/elasticmq.sh
	bash scripts/bootstrap/iceberg-jars.sh

build: deps-node
	node scripts/build.mjs

run: deps build
	node dist/cli/lean-ops.mjs local run --events $(RUN_EVENTS)

# The scale run: SOAK_EVENTS over a generated registry of SOAK_TOPICS topics, SOAK_ACTIVE of them
# active (docs/accountability.md). Profiled from /proc; figures land in docs/soak.json and the
# Soak section of docs/benchmarks.md.
soak: deps build
	rm -rf .run/soak && mkdir -p .run/soak
	node dist/cli/lean-ops.mjs gen-topics --count $(SOAK_TOPICS) --out .run/soak/topics --seed 750
	status=0; \
	(LEAN_OPS_ELASTICMQ_FULL_JIT=1 node dist/cli/lean-ops.mjs local run --events $(SOAK_EVENTS) --registry .run/soak/topics \
	  --active-topics $(SOAK_ACTIVE) --streams $(SOAK_STREAMS) --topics-per-glue-run 50 --out .run/soak/run 2>&1 \
	  | tee .run/soak/run.log) & run=$$!; \
	.venv/bin/python scripts/bench/sample_processes.py --pid $$run --out .run/soak/profile.json; \
	wait $$run || status=$$?; \
	.venv/bin/python scripts/bench/soak_figures.py --run .run/soak/run --profile .run/soak/profile.json \
	  --events $(SOAK_EVENTS) --topics $(SOAK_TOPICS) --active $(SOAK_ACTIVE) --out docs/soak.json; \
	.venv/bin/python scripts/bench/splice_section.py --doc docs/benchmarks.md --heading '## Soak' \
	  --section "$$(.venv/bin/python scripts/bench/bench-soak.py)"; \
	exit $$status

# Months of operation, compressed (issue 17): many small commits per table with daily maintenance,
# crashes and re-deliveries; exit 1 if anything is lost, counted twice, or a table keeps growing.
# The day table lands in the "Months of operation" section of docs/benchmarks.md.
months: deps build
	mkdir -p .run/months
	.venv/bin/python scripts/local/months_drill.py > .run/months/section.md
	.venv/bin/python scripts/bench/splice_section.py --doc docs/benchmarks.md --heading '## Months of operation' \
	  --section "$$(cat .run/months/section.md)"

# 5,000 topics (issue 18): the Terraform tests with a 5,000-topic prod plan instead of 750, and
# lint-schemas on a 5,000-topic registry. Not in `make test` (CI): the plan alone takes minutes.
# The orchestrator's state at 5,000 topics is a unit test (orchestratorStateSize.test.ts).
test-scale: deps build
	LEAN_OPS_TF_SCALE_COUNT=5000 bash scripts/terraform/test.sh
	LEAN_OPS_BENCH_LINT_TOPICS=5000 node scripts/bench/bench-lint-schemas.mjs

test: deps build
	$(MAKE) --no-print-directory test-static test-schemas test-unit test-py test-integration test-e2e test-terraform

test-static:
	tsc --noEmit -p tsconfig.json
	biome check .

test-schemas:
	node dist/cli/lean-ops.mjs lint-schemas

test-unit:
	$(JEST) --selectProjects unit

test-py:
	$(PYTEST) -q tests/python tests/report

test-integration:
	$(JEST) --selectProjects integration --runInBand

# The whole pipeline on small runs with every fault, one per seed (traffic, faults and timings
# differ by seed): fails when one record is lost or double-counted, or a run stalls; every seed
# runs, and the failing ones are named. E2E_SEEDS="7 11 23" by default.
E2E_SEEDS ?= 7 11 23
test-e2e:
	rm -rf .run/e2e
	failed=""; \
	for seed in $(E2E_SEEDS); do \
	  node dist/cli/lean-ops.mjs local run --events 3000 --seed $$seed --out .run/e2e/seed-$$seed || failed="$$failed $$seed"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-e2e: seeds that did not reconcile:$$failed (.run/e2e/seed-<n>)" >&2; exit 1; fi

test-terraform:
	bash scripts/terraform/test.sh

bench: deps build
	bash scripts/bench/run.sh

py-lock:
	python3 -m venv /tmp/lean-ops-lock-venv
	/tmp/lean-ops-lock-venv/bin/pip install -q -r requirements/base.in
	{ echo "# Frozen from requirements/base.in by make py-lock; do not edit by hand."; \
	  /tmp/lean-ops-lock-venv/bin/pip freeze; } > requirements/lock.txt

clean:
	rm -rf dist .run
