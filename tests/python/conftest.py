"""One SparkSession for the whole Python suite (the endpoint is tests/conftest.py's); each
test gets its own databases, checkpoint table and topic schemas through the `lake` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest


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
