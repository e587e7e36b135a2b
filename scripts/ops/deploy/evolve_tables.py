"""Evolves one topic's standardized and curated Iceberg tables through the Glue Data Catalog.

Called by scripts/ops/deploy/PyIcebergTableEvolver.ts (the schema deployer) for a compatible schema
change. pyiceberg writes the new table metadata next to the old one and commits it to the catalog
with Glue's optimistic version check, the same code path against the real Glue Data Catalog (S3
warehouse, default credentials) and the local moto endpoint (AWS_ENDPOINT_URL, file:// or moto S3).

Idempotent: a column already present is not added again, a column already at the target type is
not widened again, so a rerun after a crash (or a second deployer) changes nothing. A table that
does not exist yet is reported `missing`: the Glue jobs create it with the current schema.

stdin:  {"topic": "...", "tables": [{"layer": "curated", "database": "...", "table": "...",
          "add": [{"column": "a__b", "type": "double"}], "widen": [{"column": "c", "type": "long"}]}]}
stdout: {"tables": [{"layer": "curated", "status": "evolved|unchanged|missing", "added": [...], "widened": [...]}]}
A failure prints {"error": "..."} and exits 1.
"""

from __future__ import annotations

import json
import os
import re
import sys

DECIMAL = re.compile(r"^decimal\((\d{1,2}),(\d{1,2})\)$")
COMMIT_ATTEMPTS = 5


class EvolutionError(Exception):
    """A column exists with a type the requested change cannot reach in place."""


def iceberg_type(declared: str):
    """Iceberg type of a topic-file type (Spark `timestamp` is Iceberg timestamptz)."""
    from pyiceberg import types as t

    simple = {
        "string": t.StringType(),
        "int": t.IntegerType(),
        "long": t.LongType(),
        "float": t.FloatType(),
        "double": t.DoubleType(),
        "boolean": t.BooleanType(),
        "date": t.DateType(),
        "timestamp": t.TimestamptzType(),
    }
    if declared in simple:
        return simple[declared]
    match = DECIMAL.match(declared.replace(" ", ""))
    if match:
        return t.DecimalType(int(match.group(1)), int(match.group(2)))
    raise EvolutionError(f"unknown type {declared!r}")


def open_catalog():
    from pyiceberg.catalog import load_catalog

    properties = {"type": "glue"}
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        properties["glue.region"] = region
        properties["s3.region"] = region
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:  # the local endpoint; in AWS the SDK's defaults apply
        properties["glue.endpoint"] = endpoint
        properties["s3.endpoint"] = os.environ.get("AWS_ENDPOINT_URL_S3", endpoint)
        for key, env in (("access-key-id", "AWS_ACCESS_KEY_ID"), ("secret-access-key", "AWS_SECRET_ACCESS_KEY")):
            if os.environ.get(env):
                properties[f"glue.{key}"] = os.environ[env]
                properties[f"s3.{key}"] = os.environ[env]
    return load_catalog("glue_catalog", **properties)


def evolve_table(catalog, spec: dict) -> dict:
    from pyiceberg.exceptions import CommitFailedException, NoSuchTableError

    result = {"layer": spec["layer"], "status": "unchanged", "added": [], "widened": []}
    for attempt in range(COMMIT_ATTEMPTS):
        try:
            table = catalog.load_table((spec["database"], spec["table"]))
        except NoSuchTableError:
            result["status"] = "missing"
            return result
        columns = {field.name.lower(): field for field in table.schema().fields}
        to_add = [c for c in spec.get("add", []) if c["column"].lower() not in columns]
        to_widen = []
        for change in spec.get("widen", []):
            field = columns.get(change["column"].lower())
            target = iceberg_type(change["type"])
            if field is None:
                to_add.append(change)  # a widened field the table never had: add it at the new type
            elif field.field_type != target:
                to_widen.append((field.name, target))
        if not to_add and not to_widen:
            return result
        try:
            with table.update_schema() as update:
                for change in to_add:
                    update.add_column(change["column"], iceberg_type(change["type"]))
                for name, target in to_widen:
                    update.update_column(name, field_type=target)
        except CommitFailedException:
            if attempt == COMMIT_ATTEMPTS - 1:
                raise
            continue  # another writer committed first: reload and recompute
        except ValueError as error:  # pyiceberg refuses a promotion it cannot apply
            raise EvolutionError(f"{spec['database']}.{spec['table']}: {error}") from error
        result.update(
            status="evolved",
            added=[c["column"] for c in to_add],
            widened=[name for name, _ in to_widen],
        )
        return result
    return result


def main() -> int:
    try:
        request = json.load(sys.stdin)
        catalog = open_catalog()
        tables = [evolve_table(catalog, spec) for spec in request["tables"]]
    except Exception as error:  # reported to the deployer, which fails this topic only
        json.dump({"error": f"{type(error).__name__}: {error}"}, sys.stdout)
        return 1
    json.dump({"tables": tables}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
