"""Iceberg table access through Spark: qualified names, snapshot metadata, increments, column evolution.

Snapshot ids and sequence numbers come from the Iceberg Java API (the `snapshots` metadata table
has no sequence number); both are needed by the checkpoint contract (docs/naming.md).
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOG = "glue_catalog"

#: Properties of every table the jobs create (standardized, curated, curated_errors). Iceberg keeps
#: every old metadata.json unless told otherwise (write.metadata.delete-after-commit.enabled is
#: false by default), so a table committed every 15 minutes would gather ~35,000 metadata files a
#: year; these keep the newest 25. Snapshots themselves are expired by maintenance, not here.
TABLE_PROPERTIES = {
    "format-version": "2",
    "write.metadata.delete-after-commit.enabled": "true",
    "write.metadata.previous-versions-max": "25",
}


def table_properties_sql() -> str:
    """`TBLPROPERTIES (...)` of TABLE_PROPERTIES, for CREATE TABLE."""
    return "TBLPROPERTIES (" + ", ".join(f"'{key}'='{value}'" for key, value in TABLE_PROPERTIES.items()) + ")"


def with_table_properties(writer):
    """A DataFrameWriterV2 that creates the table with TABLE_PROPERTIES."""
    for key, value in TABLE_PROPERTIES.items():
        writer = writer.tableProperty(key, value)
    return writer


def ensure_table_properties(spark, name: str) -> list[str]:
    """Sets the TABLE_PROPERTIES a table created before them lacks (a metadata change, no snapshot,
    so commit sequence numbers are untouched); returns the keys it set. The format version is
    never changed here."""
    current = _load(spark, name).properties()
    missing = {
        key: value for key, value in TABLE_PROPERTIES.items() if key != "format-version" and current.get(key) != value
    }
    if missing:
        assignments = ", ".join(f"'{key}'='{value}'" for key, value in missing.items())
        spark.sql(f"ALTER TABLE {name} SET TBLPROPERTIES ({assignments})")
    return sorted(missing)


#: The arrival column a topic with a dedup window partitions its standardized and curated tables
#: by day, so the window's predicate on it prunes whole partitions (and compaction keeps them).
ARRIVAL_COLUMN = "_ingested_at"


def partitioned_by_arrival_day(writer):
    """A DataFrameWriterV2 that creates the table partitioned by days(_ingested_at)."""
    from pyspark.sql import functions as F

    return writer.partitionedBy(F.days(ARRIVAL_COLUMN))


def ensure_partitioned_by_arrival_day(spark, name: str) -> bool:
    """Adds days(_ingested_at) to an unpartitioned table (partition evolution: a metadata change,
    no snapshot; rows written before keep their layout until compaction rewrites them). A table
    partitioned otherwise is left as it is. True when it added the field."""
    if not _load(spark, name).spec().isUnpartitioned():
        return False
    spark.sql(f"ALTER TABLE {name} ADD PARTITION FIELD days({ARRIVAL_COLUMN})")
    return True


def partition_fields(spark, name: str) -> list[str]:
    """The table's current partition fields, e.g. ['_ingested_at_day']."""
    return [str(field.name()) for field in _load(spark, name).spec().fields()]


def qualified(database: str, table: str) -> str:
    return f"{CATALOG}.{database}.{table}"


def quote(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    sequence_number: int


class SnapshotNotFoundError(Exception):
    """The checkpointed snapshot is gone (expired): the topic needs `--mode rebuild`."""


def ensure_namespace(spark, database: str) -> None:
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {CATALOG}.{quote(database)}")


def table_exists(spark, name: str) -> bool:
    return bool(spark.catalog.tableExists(name))


def _load(spark, name: str):
    jvm = spark.sparkContext._jvm
    table = jvm.org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark._jsparkSession, name)
    table.refresh()
    return table


def current_snapshot(spark, name: str) -> Snapshot | None:
    """The table's current snapshot, or None for a table that was never written."""
    snapshot = _load(spark, name).currentSnapshot()
    if snapshot is None:
        return None
    return Snapshot(int(snapshot.snapshotId()), int(snapshot.sequenceNumber()))


def snapshot_exists(spark, name: str, snapshot_id: int) -> bool:
    return _load(spark, name).snapshot(snapshot_id) is not None


def records_added(spark, name: str, after: Snapshot | None, upto: Snapshot) -> int:
    """Rows an append-only read of (after, upto] returns, from snapshot summaries (no data read):
    `total-records` of `upto` for a full read, else the `added-records` of the append snapshots
    between (the ones an incremental scan reads)."""
    table = _load(spark, name)
    snapshot = table.snapshot(upto.snapshot_id)
    if after is None:
        return int(snapshot.summary().get("total-records") or 0)
    total = 0
    while snapshot is not None and snapshot.snapshotId() != after.snapshot_id:
        if snapshot.operation() == "append":
            total += int(snapshot.summary().get("added-records") or 0)
        parent = snapshot.parentId()
        snapshot = table.snapshot(parent) if parent is not None else None
    return total


def operations_after(spark, name: str, after: Snapshot | None, upto: Snapshot) -> list[str]:
    """The operations of the commits in (after, upto] along `upto`'s lineage, newest first
    ("append", "overwrite", "replace", "delete"); all of the lineage when `after` is None."""
    table = _load(spark, name)
    operations = []
    snapshot = table.snapshot(upto.snapshot_id)
    while snapshot is not None and (after is None or snapshot.snapshotId() != after.snapshot_id):
        operations.append(str(snapshot.operation()))
        parent = snapshot.parentId()
        snapshot = table.snapshot(parent) if parent is not None else None
    return operations


def committed_at_ms(spark, name: str, snapshot_id: int) -> int | None:
    """When a snapshot was committed (epoch ms), or None when it is no longer in the table."""
    snapshot = _load(spark, name).snapshot(snapshot_id)
    return None if snapshot is None else int(snapshot.timestampMillis())


def read_at(spark, name: str, snapshot: Snapshot):
    """The whole table as of one snapshot: a stable read even while writers commit."""
    return spark.read.format("iceberg").option("snapshot-id", str(snapshot.snapshot_id)).load(name)


def read_appended_between(spark, name: str, after: Snapshot, upto: Snapshot):
    """Rows appended after `after` up to and including `upto`.

    Only valid for append-only tables (RAW): an incremental scan skips `overwrite` snapshots.
    Iceberg throws when start == end, so callers treat that as an empty increment first.
    """
    if not snapshot_exists(spark, name, after.snapshot_id):
        raise SnapshotNotFoundError(
            f"checkpoint snapshot {after.snapshot_id} no longer exists in {name}: run with --mode rebuild"
        )
    return (
        spark.read.format("iceberg")
        .option("start-snapshot-id", str(after.snapshot_id))
        .option("end-snapshot-id", str(upto.snapshot_id))
        .load(name)
    )


def existing_columns(spark, name: str) -> dict[str, str]:
    """Column name -> Spark simple type string, in table order."""
    return {field.name: field.dataType.simpleString() for field in spark.table(name).schema.fields}


def add_columns(spark, name: str, columns: dict[str, str]) -> None:
    """Add nullable columns; never drops or retypes one (schema evolution is additive)."""
    if not columns:
        return
    spec = ", ".join(f"{quote(column)} {sql_type}" for column, sql_type in columns.items())
    spark.sql(f"ALTER TABLE {name} ADD COLUMNS ({spec})")


def widen_column(spark, name: str, column: str, sql_type: str) -> None:
    """Iceberg-legal widening only (int->bigint, float->double, decimal precision up)."""
    spark.sql(f"ALTER TABLE {name} ALTER COLUMN {quote(column)} TYPE {sql_type}")


def metadata_file_bytes(spark, name: str) -> int:
    """Size of the table's current metadata.json: what every reader of the table downloads."""
    table = _load(spark, name)
    location = table.operations().current().metadataFileLocation()
    return int(table.io().newInputFile(location).getLength())
