"""The RAW table schema: the RAW envelope of docs/architecture.md §4, the same for every topic table and
for `raw_errors`, partitioned by day(ingested_at).

The columns are defined once, in schemas/raw-envelope.json (packaged here as raw_envelope.json,
a link to it, so the Glue package carries it); Terraform, the Lambdas and the local Firehose read
the same file. This module renders it for the Glue jobs (pyspark, no pyiceberg on Glue) and the
local RAW writer (pyiceberg + pyarrow, no JVM); each renderer imports its library lazily.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

_DEFINITION = json.loads(resources.files(__package__).joinpath("raw_envelope.json").read_text(encoding="utf-8"))

PARTITION_SOURCE: str = _DEFINITION["partition"]["source"]
PARTITION_NAME: str = _DEFINITION["partition"]["name"]

# Glue type → the kind the renderers below know (Spark `timestamp` is Iceberg `timestamptz`).
_KIND_OF_GLUE_TYPE = {"string": "string", "int": "int", "timestamp": "timestamptz"}
_STRUCT = re.compile(r"^struct<(.+)>$")


@dataclass(frozen=True)
class RawField:
    name: str
    kind: str  # "string" | "int" | "timestamptz" | "error"
    doc: str
    nullable: bool


def _kind(glue_type: str) -> str:
    if glue_type in _KIND_OF_GLUE_TYPE:
        return _KIND_OF_GLUE_TYPE[glue_type]
    if _STRUCT.match(glue_type):
        return "error"
    raise ValueError(f"schemas/raw-envelope.json: unsupported column type {glue_type!r}")


RAW_FIELDS: tuple[RawField, ...] = tuple(
    RawField(column["name"], _kind(column["type"]), column["comment"], column["nullable"])
    for column in _DEFINITION["columns"]
)
RAW_COLUMNS: tuple[str, ...] = tuple(field.name for field in RAW_FIELDS)
ERROR_SUBFIELDS: tuple[str, ...] = tuple(
    part.split(":")[0]
    for column in _DEFINITION["columns"]
    if (match := _STRUCT.match(column["type"]))
    for part in match.group(1).split(",")
)
TIMESTAMP_COLUMNS: tuple[str, ...] = tuple(f.name for f in RAW_FIELDS if f.kind == "timestamptz")


def spark_schema():
    """The RAW schema as a Spark StructType (Spark `timestamp` is Iceberg `timestamptz`)."""
    from pyspark.sql import types as T

    error_type = T.StructType([T.StructField(name, T.StringType(), True) for name in ERROR_SUBFIELDS])
    kinds = {"string": T.StringType(), "int": T.IntegerType(), "timestamptz": T.TimestampType(), "error": error_type}
    return T.StructType([T.StructField(f.name, kinds[f.kind], True) for f in RAW_FIELDS])


def arrow_schema():
    """The RAW schema as a pyarrow schema; timestamps are microseconds in UTC (Iceberg timestamptz)."""
    import pyarrow as pa

    error_type = pa.struct([pa.field(name, pa.string(), nullable=True) for name in ERROR_SUBFIELDS])
    kinds = {
        "string": pa.string(),
        "int": pa.int32(),
        "timestamptz": pa.timestamp("us", tz="UTC"),
        "error": error_type,
    }
    return pa.schema([pa.field(f.name, kinds[f.kind], nullable=True) for f in RAW_FIELDS])


def iceberg_schema():
    """The RAW schema as a pyiceberg Schema with stable field ids (all fields optional: Firehose
    cannot enforce required columns, and a missing value must land rather than fail the batch)."""
    from pyiceberg.schema import Schema
    from pyiceberg.types import IntegerType, NestedField, StringType, StructType, TimestamptzType

    next_id = len(RAW_FIELDS) + 1
    fields = []
    for field_id, field in enumerate(RAW_FIELDS, start=1):
        if field.kind == "error":
            subfields = []
            for name in ERROR_SUBFIELDS:
                subfields.append(NestedField(next_id, name, StringType(), required=False))
                next_id += 1
            field_type = StructType(*subfields)
        else:
            field_type = {"string": StringType(), "int": IntegerType(), "timestamptz": TimestamptzType()}[field.kind]
        fields.append(NestedField(field_id, field.name, field_type, required=False, doc=field.doc))
    return Schema(*fields)


def iceberg_partition_spec(schema):
    """day(ingested_at), resolved against the schema the table was created with."""
    from pyiceberg.partitioning import PartitionField, PartitionSpec
    from pyiceberg.transforms import DayTransform

    source_id = schema.find_field(PARTITION_SOURCE).field_id
    return PartitionSpec(PartitionField(source_id=source_id, field_id=1000, transform=DayTransform(), name=PARTITION_NAME))
