"""Shared fixtures: the parsed HCL of the root module and every module (python-hcl2), and the
results that scripts/terraform/test.sh leaves in $LEAN_OPS_TF_RESULTS (plans as JSON, outputs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import hcl2
import pytest

ROOT = Path(__file__).resolve().parents[2]
# The Python name rules (docs/naming.md): Terraform's HCL names are compared with these.
from lean_ops_glue import names
MODULES = ("messaging", "ingestion", "compute", "catalog", "state", "storage", "orchestration", "observability")


def _unquote(value):
    """python-hcl2 8 keeps the quotes of string literals and keys and adds block markers."""
    if isinstance(value, dict):
        return {_unquote(k): _unquote(v) for k, v in value.items() if k not in ("__is_block__", "__comments__")}
    if isinstance(value, list):
        return [_unquote(item) for item in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def parse_dir(directory: Path) -> dict[str, list]:
    """Every top-level block of every .tf file in directory, merged by block type."""
    merged: dict[str, list] = {}
    for path in sorted(directory.glob("*.tf")):
        if path.name.endswith("_override.tf"):
            continue
        with path.open() as handle:
            for block_type, blocks in _unquote(hcl2.load(handle)).items():
                merged.setdefault(block_type, []).extend(blocks)
    return merged


@pytest.fixture(scope="session")
def configs() -> dict[str, dict[str, list]]:
    """'root' and each module name → parsed blocks."""
    parsed = {"root": parse_dir(ROOT)}
    for module in MODULES:
        parsed[module] = parse_dir(ROOT / "modules" / module)
    return parsed


def blocks_of(config: dict[str, list], block_type: str, resource_type: str) -> list[tuple[str, dict]]:
    """(name, body) of every `resource`/`data` block of one type."""
    found = []
    for entry in config.get(block_type, []):
        for rtype, named in entry.items():
            if rtype == resource_type:
                found.extend(named.items())
    return found


def results_dir() -> Path:
    value = os.environ.get("LEAN_OPS_TF_RESULTS")
    if not value:
        if os.environ.get("LEAN_OPS_TF_REQUIRE_RESULTS") == "1":
            pytest.fail("LEAN_OPS_TF_RESULTS is not set: scripts/terraform/test.sh provides it")
        pytest.skip("plan/apply results come from scripts/terraform/test.sh")
    return Path(value)


def load_json(name: str) -> dict:
    path = results_dir() / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the test.sh step that writes it failed")
    return json.loads(path.read_text())


def topic_names(topics_dir: Path) -> set[str]:
    return {json.loads(path.read_text())["topic"] for path in topics_dir.glob("*.json")}


def fifo_topics(topics_dir: Path) -> set[str]:
    return {
        doc["topic"]
        for doc in (json.loads(path.read_text()) for path in topics_dir.glob("*.json"))
        if doc.get("queue") == "fifo"
    }


def required_lambda_environment() -> dict[str, set[str]]:
    """Each Lambda's required variables, from the naming module's map (lambdas/common/naming)."""
    document = json.loads((ROOT / "lambdas" / "common" / "naming" / "lambda-environment.json").read_text())
    return {name: set(variables) for name, variables in document.items() if not name.startswith("$")}


def topic_queue_names(deployment_name: str, topics_dir: Path) -> set[str]:
    """The queue of every topic of a registry folder, FIFO topics with the suffix."""
    fifo = fifo_topics(topics_dir)
    prefix = names.queue_prefix_for(deployment_name)
    return {names.queue_name_for_topic(prefix, topic, topic in fifo) for topic in topic_names(topics_dir)}
