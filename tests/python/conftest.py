"""One local endpoint (moto + ElasticMQ) and one SparkSession for the whole Python suite; each
test gets its own databases, checkpoint table and topic schemas through the `lake` fixture."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "local"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

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


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("warehouse")


@pytest.fixture(scope="session")
def spark(endpoint, warehouse):
    from lean_ops_glue.local_spark import build_local_spark

    session = build_local_spark(str(warehouse), shuffle_partitions=1, driver_memory="1g", app_name="lean-ops-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def catalog(endpoint, warehouse):
    import raw_writer

    return raw_writer.open_catalog(str(warehouse))


@pytest.fixture
def lake(request, spark, catalog, endpoint, tmp_path):
    from lake_harness import Lake

    return Lake.create(spark, catalog, tmp_path, request.node.name)
