"""The RAW table schema: the RAW envelope of docs/architecture.md §4, the same for every topic table and
for `raw_errors`, partitioned by day(ingested_at).

This module is the one definition. It is plain Python so that the Glue jobs (pyspark, no
pyiceberg on Glue) and the local RAW writer (pyiceberg + pyarrow, no JVM) both render it from the
same field list; each renderer imports its library lazily.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTITION_SOURCE = "ingested_at"
PARTITION_NAME = "ingested_at_day"


@dataclass(frozen=True)
class RawField:
    name: str
    kind: str  # "string" | "int" | "timestamptz" | "error"
    doc: str


RAW_FIELDS: tuple[RawField, ...] = (
    RawField("topic", "string", "Topic the record was published to"),
    RawField("message_id", "string", "SQS message id of the delivery"),
    RawField("payload", "string", "The SQS body, verbatim"),
    RawField("payload_sha256", "string", "Hex sha256 of the payload bytes"),
    RawField("sent_at", "timestamptz", "SQS SentTimestamp"),
    RawField("ingested_at", "timestamptz", "When the processor forwarded the record"),
    RawField("receive_count", "int", "SQS ApproximateReceiveCount"),
    RawField("source_arn", "string", "ARN of the queue the record came from"),
    RawField("message_group_id", "string", "FIFO message group, null on standard queues"),
    RawField("sequence_number", "string", "FIFO sequence number, null on standard queues"),
    RawField("error", "error", "DROP records only: {code, reason}"),
)
RAW_COLUMNS: tuple[str, ...] = tuple(field.name for field in RAW_FIELDS)
ERROR_SUBFIELDS: tuple[str, ...] = ("code", "reason")
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
