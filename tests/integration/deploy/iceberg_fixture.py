"""Test fixture: creates and reads small Iceberg tables in the Glue catalog on the local endpoint,
standing in for tables the Glue jobs wrote (the deployer's evolution is then checked through the
catalog, as Athena or the next Glue run would see it).

    python iceberg_fixture.py create '[{"database": ..., "table": ..., "warehouse": DIR,
        "columns": [{"name": "a", "type": "int"}], "rows": [{"a": 1}]}, ...]'
    python iceberg_fixture.py read '[{"database": ..., "table": ...}, ...]'
        -> [{"columns": [{"name": "a", "type": "long"}], "rows": [{"a": 1}]}, ...]

One process per list: pyiceberg's import dominates the cost on a shared machine.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pyarrow as pa
from pyiceberg import types as t
from pyiceberg.catalog import load_catalog
from pyiceberg.exceptions import NamespaceAlreadyExistsError
from pyiceberg.schema import Schema

TYPES = {"string": t.StringType(), "int": t.IntegerType(), "long": t.LongType(), "double": t.DoubleType()}


def catalog(warehouse: str | None = None):
    properties = {
        "type": "glue",
        "glue.endpoint": os.environ["AWS_ENDPOINT_URL"],
        "glue.region": os.environ.get("AWS_REGION", "us-east-1"),
    }
    if warehouse:
        properties["warehouse"] = Path(warehouse).resolve().as_uri()
    return load_catalog("glue_catalog", **properties)


def create(spec: dict) -> dict:
    glue = catalog(spec["warehouse"])
    try:
        glue.create_namespace(spec["database"])
    except NamespaceAlreadyExistsError:
        pass
    schema = Schema(
        *[t.NestedField(i + 1, c["name"], TYPES[c["type"]], required=False) for i, c in enumerate(spec["columns"])]
    )
    location = Path(spec["warehouse"]).resolve() / spec["database"] / spec["table"]
    table = glue.create_table((spec["database"], spec["table"]), schema=schema, location=location.as_uri())
    if spec.get("rows"):
        table.append(pa.Table.from_pylist(spec["rows"], schema=schema.as_arrow()))
    return {"created": True}


def read(spec: dict) -> dict:
    table = catalog().load_table((spec["database"], spec["table"]))
    columns = [{"name": f.name, "type": str(f.field_type)} for f in table.schema().fields]
    return {"columns": columns, "rows": table.scan().to_arrow().to_pylist()}


if __name__ == "__main__":
    command, argument = sys.argv[1], json.loads(sys.argv[2])
    action = {"create": create, "read": read}[command]
    print(json.dumps([action(spec) for spec in argument], default=str))
