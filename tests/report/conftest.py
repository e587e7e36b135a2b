"""The accountability report's tests: one local endpoint (moto's Glue catalog and DynamoDB) and a
warehouse folder; no Spark, tables are written with pyiceberg as the local RAW writer does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "local"))
sys.path.insert(0, str(ROOT / "scripts" / "local" / "report"))

from local_endpoint import LocalEndpoint  # noqa: E402


@pytest.fixture(scope="session")
def endpoint():
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
