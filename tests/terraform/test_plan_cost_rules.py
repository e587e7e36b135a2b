"""The HCL rules that keep `terraform plan` near-linear in topics (docs/decisions.md, "Terraform at
thousands of topics"; measured in docs/benchmarks.md, Scale). Each rule names a Terraform cost
that made the 750-topic plan quadratic before it was found with a profiler:

- Terraform re-evaluates a resource's for_each for every instance it plans and deep-copies it:
  per-topic resources iterate a map held in a local (no toset, and small values: strings);
- a reference like `aws_glue_catalog_table.raw[each.key]` links the instance to every instance
  of that resource in the apply graph that `plan` builds to check: no per-topic resource is
  indexed by key from another resource;
- a function call walks its whole argument for sensitive marks: no per-topic `for` calls a
  function on a registry-wide value (`contains(keys(local.registry), ...)`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, blocks_of

# (module, resource type, name) of every resource with one instance per topic
PER_TOPIC = (
    ("messaging", "aws_sqs_queue", "this"),
    ("compute", "aws_lambda_event_source_mapping", "topic"),
    ("catalog", "aws_glue_catalog_table", "raw"),
    ("catalog", "aws_glue_catalog_table_optimizer", "raw_compaction"),
    ("observability", "aws_cloudwatch_metric_alarm", "topic_error_rate"),
)
LOCAL_REFERENCE = re.compile(r"^\$\{local\.([a-z_]+)\}$")


def _locals(config: dict[str, list]) -> dict[str, object]:
    merged: dict[str, object] = {}
    for block in config.get("locals", []):
        merged.update({key: value for key, value in block.items() if not key.startswith("__")})
    return merged


def _source_files() -> list[Path]:
    return [ROOT / name for name in ("main.tf", "outputs.tf")] + sorted((ROOT / "modules").glob("*/*.tf"))


@pytest.mark.parametrize("module,resource_type,name", PER_TOPIC)
def test_per_topic_resources_iterate_a_map_held_in_a_local(configs, module, resource_type, name):
    bodies = dict(blocks_of(configs[module], "resource", resource_type))
    for_each = bodies[name]["for_each"]
    reference = LOCAL_REFERENCE.match(for_each)
    assert reference, f"{resource_type}.{name}: for_each = {for_each}, expected a local (built once)"
    local = _locals(configs[module])[reference.group(1)]
    assert "toset(" not in str(local), f"{resource_type}.{name}: local.{reference.group(1)} is a set, sorted per instance"


def test_no_resource_is_indexed_by_key_into_a_per_topic_resource():
    indexed = [re.compile(rf"\b{resource_type}\.{name}\[") for _, resource_type, name in PER_TOPIC]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _source_files()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if not line.strip().startswith("#") and any(pattern.search(line) for pattern in indexed)
    ]
    assert not found, "read per-topic attributes through a local map instead:\n" + "\n".join(found)


def test_no_per_topic_for_calls_a_function_on_the_whole_registry():
    per_topic_call = re.compile(r"for \w+ in [^:]+:.*\b\w+\((keys|values)\(local\.(registry|topics)\)")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _source_files()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if per_topic_call.search(line)
    ]
    assert not found, "compute the registry-wide value once (a local, setsubtract):\n" + "\n".join(found)
