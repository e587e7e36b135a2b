"""Shared by the Python suites (tests/python, tests/report): one local endpoint (moto + ElasticMQ)
per session. The local harness's Python modules are scripts, not a package: this is the one place
tests put scripts/local on the import path (lean_ops_glue is installed into .venv)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "local"))
sys.path.insert(0, str(ROOT / "scripts" / "local" / "report"))

from local_endpoint import LocalEndpoint  # noqa: E402


@pytest.fixture(scope="session")
def endpoint():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = LocalEndpoint.start()
    previous = {key: os.environ.get(key) for key in started.env()}
    os.environ.update(started.env())
    yield started
    started.stop()
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
