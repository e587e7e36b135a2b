"""curate: standardized -> curated, per topic, incremental by standardized snapshot.

The standardized table is written by MERGE, whose `overwrite` snapshots an incremental append
scan skips. So curate never uses one: it reads the standardized table as of its current snapshot
and keeps the rows whose `_std_seq` (the sequence number of the commit that last wrote the row,
stamped by standardize) is after the `curated` checkpoint. A keep-last correction rewrites its row
with a new `_std_seq`, so it is always in the next increment.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import iceberg_tables as tables
from .casting import sql_type
from .checkpoint_range import commit_range, open_range
from .checkpoints import CheckpointStore
from .config import JobConfig
from .curate_transform import CAST_FAILURES, ERRORS, good_rows, rejected_rows, type_and_validate
from .dedup import earliest_arrival_micros, window_start_micros, within_window_sql
from .job_runner import run_topics
from .names import CURATED_ERRORS_TABLE, table_name_for_topic
from .standardize_transform import STD_SEQ
from .summary import TopicResult
from .topic_schema import TopicSchema, load_topic_schema

LAYER = "curated"
ERRORS_DDL = (
    "topic STRING, message_id STRING, dedup_key STRING, "
    "errors ARRAY<STRUCT<field: STRING, code: STRING, value: STRING>>, payload STRING, "
    "ingested_at TIMESTAMP, std_seq BIGINT, rejected_at TIMESTAMP"
)
REJECTED_FLAG = "__lean_ops_rejected__"
# Iceberg's legal in-place promotions; any other type change is breaking (rebuild)
WIDENINGS = {("int", "bigint"), ("float", "double")}


class BreakingSchemaChangeError(Exception):
    """The declared type cannot be reached from the curated column's type in place."""


def run(spark, config: JobConfig, checkpoints: CheckpointStore | None = None) -> dict:
    checkpoints = checkpoints or CheckpointStore(config.checkpoint_table)
    tables.ensure_namespace(spark, config.curated_database)
    errors_name = tables.qualified(config.curated_database, CURATED_ERRORS_TABLE)
    spark.sql(f"CREATE TABLE IF NOT EXISTS {errors_name} ({ERRORS_DDL}) USING iceberg {tables.table_properties_sql()}")
    tables.ensure_table_properties(spark, errors_name)

    def process(topic: str, result: TopicResult) -> None:
        curate_topic(spark, config, checkpoints, topic, result, errors_name)

    return run_topics("curate", config, process, failures=checkpoints)


def curate_topic(spark, config, checkpoints, topic: str, result: TopicResult, errors_name: str) -> None:
    schema = load_topic_schema(config.schemas_uri, topic)
    table = table_name_for_topic(topic)
    std_name = tables.qualified(config.standardized_database, table)
    cur_name = tables.qualified(config.curated_database, table)
    rebuild = config.mode == "rebuild"
    span = open_range(spark, checkpoints, topic, LAYER, std_name, rebuild, result)
    if span is None:
        return
    standardized = tables.read_at(spark, std_name, span.upto)
    start = span.incremental_from
    if start is not None:
        standardized = standardized.where(F.col(STD_SEQ) > F.lit(start.sequence_number))
    validated = type_and_validate(standardized, schema).persist()
    try:
        _write(spark, schema, validated, cur_name, errors_name, rebuild, result)
    finally:
        validated.unpersist()
    commit_range(checkpoints, topic, LAYER, span, config.run_id, result)


def _write(spark, schema: TopicSchema, validated: DataFrame, cur_name: str, errors_name: str, rebuild: bool, result) -> None:
    stats = validated.agg(
        F.count(F.lit(1)).alias("rows"),
        F.sum(F.when(F.size(ERRORS) > 0, 1).otherwise(0)).alias("rejected"),
        earliest_arrival_micros().alias("earliest"),
    ).first()
    result.rows_in = int(stats["rows"])
    result.rows_rejected = int(stats["rejected"] or 0)
    result.rows_written = result.rows_in - result.rows_rejected
    failures = validated.select(F.explode(CAST_FAILURES).alias("path")).groupBy("path").count().collect()
    result.cast_failures = {row["path"]: int(row["count"]) for row in failures}
    good = good_rows(validated).withColumn("_curated_at", F.current_timestamp())
    rejects = rejected_rows(validated, schema.topic)
    if rebuild or not tables.table_exists(spark, cur_name):
        writer = tables.with_table_properties(good.writeTo(cur_name).using("iceberg"))
        if schema.window_days is not None:
            writer = tables.partitioned_by_arrival_day(writer)
        writer.createOrReplace()
        spark.sql(f"DELETE FROM {errors_name} WHERE topic = '{schema.topic}'")
        rejects.writeTo(errors_name).append()
        return
    tables.ensure_table_properties(spark, cur_name)
    if schema.window_days is not None:
        tables.ensure_partitioned_by_arrival_day(spark, cur_name)
    result.new_columns = _evolve(spark, schema, cur_name)
    if result.rows_in == 0:
        return
    # The standardize window of every row here started no earlier than this one, so a curated row
    # that standardize replaced is always inside it (docs/schemas.md, Dedup window).
    _merge_curated(spark, good, validated, cur_name, window_start_micros(stats["earliest"], schema.window_days))
    if result.rows_rejected > 0:
        _merge_errors(spark, rejects, errors_name)


def _evolve(spark, schema: TopicSchema, cur_name: str) -> list[str]:
    """Add new declared fields as nullable columns; widen int->long, float->double, decimal
    precision; anything else is a breaking change that needs `--mode rebuild`."""
    existing = {name.lower(): kind for name, kind in tables.existing_columns(spark, cur_name).items()}
    added = {}
    for spec in schema.fields:
        wanted = sql_type(spec.type).lower()
        current = existing.get(spec.column.lower())
        if current is None:
            added[spec.column] = wanted
        elif current != wanted:
            if (current, wanted) in WIDENINGS or _decimal_widening(current, wanted):
                tables.widen_column(spark, cur_name, spec.column, wanted)
            else:
                raise BreakingSchemaChangeError(f"{cur_name}.{spec.column}: {current} -> {wanted} needs --mode rebuild")
    tables.add_columns(spark, cur_name, added)
    return list(added)


def _decimal_widening(current: str, wanted: str) -> bool:
    if not (current.startswith("decimal(") and wanted.startswith("decimal(")):
        return False
    (p1, s1), (p2, s2) = (tuple(int(x) for x in t[8:-1].split(",")) for t in (current, wanted))
    return s1 == s2 and p2 > p1


def _merge_curated(spark, good: DataFrame, validated: DataFrame, cur_name: str, window_start: int | None) -> None:
    """Good rows upsert on `_dedup_key` (never replacing a newer `_std_seq`); a rejected newer
    version of a key removes the stale curated row, so curated never shows a superseded value."""
    target_fields = spark.table(cur_name).schema.fields
    columns = [field.name for field in target_fields]
    rejected_keys = validated.where(F.size(ERRORS) > 0).select("_dedup_key", STD_SEQ)
    present = set(good.columns)
    source = good.select(
        *[
            F.col(tables.quote(f.name)) if f.name in present else F.lit(None).cast(f.dataType).alias(f.name)
            for f in target_fields
        ],
        F.lit(False).alias(REJECTED_FLAG),
    )
    source = source.unionByName(rejected_keys.withColumn(REJECTED_FLAG, F.lit(True)), allowMissingColumns=True)
    view = f"lean_ops_cur_source_{abs(hash(cur_name))}"
    source.createOrReplaceTempView(view)
    quoted = [tables.quote(c) for c in columns]
    spark.sql(
        f"""MERGE INTO {cur_name} t USING {view} s ON t._dedup_key = s._dedup_key AND {within_window_sql(window_start)}
        WHEN MATCHED AND s.{REJECTED_FLAG} AND s.{STD_SEQ} > t.{STD_SEQ} THEN DELETE
        WHEN MATCHED AND NOT s.{REJECTED_FLAG} AND s.{STD_SEQ} > t.{STD_SEQ}
          THEN UPDATE SET {", ".join(f"t.{c} = s.{c}" for c in quoted)}
        WHEN NOT MATCHED AND NOT s.{REJECTED_FLAG}
          THEN INSERT ({", ".join(quoted)}) VALUES ({", ".join(f"s.{c}" for c in quoted)})"""
    )
    spark.catalog.dropTempView(view)


def _merge_errors(spark, rejects: DataFrame, errors_name: str) -> None:
    """Idempotent: a rerun of the same increment finds its rejects already there."""
    view = f"lean_ops_rejects_{abs(hash(errors_name))}"
    rejects.createOrReplaceTempView(view)
    spark.sql(
        f"""MERGE INTO {errors_name} t USING {view} s
        ON t.topic = s.topic AND t.dedup_key = s.dedup_key AND t.std_seq = s.std_seq
        WHEN NOT MATCHED THEN INSERT *"""
    )
    spark.catalog.dropTempView(view)
