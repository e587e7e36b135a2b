"""standardize: RAW -> standardized, per topic, incremental by RAW snapshot.

Per topic: read the RAW rows appended after the `standardized` checkpoint up to the current RAW
snapshot (captured first, so rows committed meanwhile wait for the next run), flatten, dedup,
add new columns, MERGE on `_dedup_key`, then advance the checkpoint by compare-and-set. The MERGE
only inserts unseen keys and replaces a stored row with a strictly better one, so re-running a
range after a crash between the commit and the checkpoint writes nothing twice.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import iceberg_tables as tables
from .checkpoint_range import commit_range, open_range
from .checkpoints import CheckpointStore
from .config import JobConfig
from .dedup import (
    DEDUP_KEY,
    ORDER_VALUE,
    beats_sql,
    earliest_arrival_micros,
    rank_terms,
    window_start_micros,
    within_window_sql,
)
from .job_runner import run_topics, timed_step
from .names import table_name_for_topic
from .standardize_transform import METADATA_COLUMNS, deduplicate, plan_for, stamp, to_standardized
from .summary import TopicResult, snapshot_dict
from .topic_schema import load_topic_schema

LAYER = "standardized"


#: Topics standardized at once (job_runner.run_topics): each writes only its own table and
#: checkpoint, through many small Spark jobs and catalog calls that overlap well.
TOPICS_AT_ONCE = 4


class ConcurrentWriteError(Exception):
    """Another writer committed to the standardized table during this run."""


def run(spark, config: JobConfig, checkpoints: CheckpointStore | None = None) -> dict:
    checkpoints = checkpoints or CheckpointStore(config.checkpoint_table)
    tables.ensure_namespace(spark, config.standardized_database)

    def process(topic: str, result: TopicResult) -> None:
        standardize_topic(spark, config, checkpoints, topic, result)

    return run_topics("standardize", config, process, failures=checkpoints, topics_at_once=TOPICS_AT_ONCE)


def standardize_topic(spark, config: JobConfig, checkpoints: CheckpointStore, topic: str, result: TopicResult) -> None:
    schema = load_topic_schema(config.schemas_uri, topic)
    table = table_name_for_topic(topic)
    raw_name = tables.qualified(config.raw_database, table)
    std_name = tables.qualified(config.standardized_database, table)
    rebuild = config.mode == "rebuild"
    span = open_range(spark, checkpoints, topic, LAYER, raw_name, rebuild, result)
    if span is None:
        return
    start = span.incremental_from
    if start is None:
        raw = tables.read_at(spark, raw_name, span.upto)
    else:
        raw = tables.read_appended_between(spark, raw_name, start, span.upto)
    result.rows_in = tables.records_added(spark, raw_name, start, span.upto)
    if result.rows_in > 0:
        _write(spark, config, schema, raw, std_name, rebuild, result)
    commit_range(checkpoints, topic, LAYER, span, config.run_id, result)


def _write(spark, config: JobConfig, schema, raw: DataFrame, std_name: str, rebuild: bool, result: TopicResult) -> None:
    topic = schema.topic
    with timed_step("standardize", topic, "discover payload keys"):
        plan = plan_for(raw, schema, config.max_depth)
    result.collisions = plan.collisions
    flat_names = [column.name for column in plan.columns]
    result.drift = sorted(c.path for c in plan.columns if c.path not in schema.declared_paths)
    best = deduplicate(to_standardized(raw, schema, plan), schema)
    if rebuild or not tables.table_exists(spark, std_name):
        _create(spark, schema, best, std_name, flat_names, result)
    else:
        _merge_increment(spark, schema, best, std_name, flat_names, result)


def _create(spark, schema, best: DataFrame, std_name: str, flat_names: list[str], result: TopicResult) -> None:
    """First run or rebuild: one pass straight into a new table version (nothing to merge with);
    the counts are read back from what was written, so the batch is computed only once."""
    exists = tables.table_exists(spark, std_name)
    before = tables.current_snapshot(spark, std_name) if exists else None
    std_seq = (before.sequence_number if before else 0) + 1
    frame = _aligned(stamp(best, std_seq), _target_columns({}, flat_names))
    writer = tables.with_table_properties(frame.writeTo(std_name).using("iceberg"))
    if schema.window_days is not None:
        writer = tables.partitioned_by_arrival_day(writer)
    with timed_step("standardize", result.topic, "parse, flatten, dedup, write (create)"):
        writer.createOrReplace() if exists else writer.create()
    written = tables.current_snapshot(spark, std_name)
    _check_sequence(spark, std_name, before, written, std_seq)
    counts = spark.table(std_name).agg(
        F.count(F.lit(1)).alias("kept"), F.count(F.col("_parse_error")).alias("parse_errors")
    ).first()
    result.rows_written, result.parse_errors = int(counts["kept"]), int(counts["parse_errors"])
    result.duplicates_in_batch = result.rows_in - result.rows_written
    result.new_columns = [] if exists else flat_names
    result.written_snapshot = snapshot_dict(written)


def _merge_increment(spark, schema, best: DataFrame, std_name: str, flat_names: list[str], result: TopicResult) -> None:
    """Later runs: add new columns, then MERGE the batch's best rows on `_dedup_key`."""
    topic = schema.topic
    best = best.persist()
    try:
        with timed_step("standardize", topic, "parse, flatten, dedup"):
            counts = best.agg(
                F.count(F.lit(1)).alias("kept"),
                F.count(F.col("_parse_error")).alias("parse_errors"),  # never deduplicated (own key)
                earliest_arrival_micros().alias("earliest"),
            ).first()
        kept, result.parse_errors = int(counts["kept"]), int(counts["parse_errors"])
        window_start = window_start_micros(counts["earliest"], schema.window_days)
        result.duplicates_in_batch = result.rows_in - kept
        if kept == 0:
            return
        tables.ensure_table_properties(spark, std_name)
        if schema.window_days is not None:
            tables.ensure_partitioned_by_arrival_day(spark, std_name)
        known = {name.lower() for name in tables.existing_columns(spark, std_name)}
        added = [name for name in flat_names if name.lower() not in known]
        tables.add_columns(spark, std_name, {name: "string" for name in added})
        result.new_columns = added
        before = tables.current_snapshot(spark, std_name)
        std_seq = (before.sequence_number if before else 0) + 1
        columns = list(tables.existing_columns(spark, std_name).keys())
        source = _aligned(stamp(best, std_seq), columns, keep=[ORDER_VALUE])
        with timed_step("standardize", topic, "compare with stored rows"):
            inserted, updated = _merge_outcome(spark, schema, source, std_name, window_start)
        result.rows_written = inserted + updated
        result.duplicates_across_runs = kept - inserted - updated
        if result.rows_written == 0:  # e.g. the rerun of a range that already committed
            return
        with timed_step("standardize", topic, "merge"):
            _merge(spark, schema, source, std_name, columns, window_start)
        written = tables.current_snapshot(spark, std_name)
        _check_sequence(spark, std_name, before, written, std_seq)
        result.written_snapshot = snapshot_dict(written)
    finally:
        best.unpersist()


def _check_sequence(spark, std_name: str, before, written, std_seq: int) -> None:
    """Rows were stamped with the sequence number this commit was to get (`before` + 1). Only a
    compaction (`replace`) may have committed in between: it moves no row, and the stamp is still
    after `before` and at most the commit's own number, which is all curate's `_std_seq` filter
    needs. Any other commit in between means another writer (the orchestrator's lock should
    prevent it)."""
    if written is not None and written.sequence_number == std_seq:
        return
    if written is not None and written.sequence_number > std_seq:
        between = tables.operations_after(spark, std_name, before, written)[1:]
        if between and all(operation == "replace" for operation in between):
            return
        raise ConcurrentWriteError(
            f"{std_name}: expected commit sequence {std_seq}, table is at {written} after {between} commits"
        )
    raise ConcurrentWriteError(f"{std_name}: expected commit sequence {std_seq}, table is at {written}")


def _target_columns(existing: dict[str, str], flat_names: list[str]) -> list[str]:
    return list(METADATA_COLUMNS) + [name for name in flat_names if name not in existing]


def _aligned(frame: DataFrame, columns: list[str], keep: list[str] = ()) -> DataFrame:
    """Exactly the target's columns, in its order (missing ones NULL), plus helper columns to keep."""
    present = set(frame.columns)
    selected = [
        F.col(tables.quote(name)) if name in present else F.lit(None).cast(_type_of(name)).alias(name) for name in columns
    ]
    selected += [F.col(name) for name in keep if name in present]
    return frame.select(*selected)


def _type_of(column: str) -> str:
    return METADATA_COLUMNS.get(column, ("string", None))[0]


def _merge_outcome(spark, schema, source: DataFrame, std_name: str, window_start: int | None) -> tuple[int, int]:
    """(rows that will be inserted, rows that will replace a stored row), for the summary; the
    stored rows are those the MERGE compares with (the dedup window's)."""
    order = [tables.quote(spec.column) for spec in schema.fields if spec.path == schema.order_by]
    needed = [DEDUP_KEY, "_ingested_at", "_message_id", *order]
    target = spark.table(std_name).alias("t").where(F.expr(within_window_sql(window_start))).select(*needed)
    joined = source.alias("s").join(target.alias("t"), F.col(f"s.{DEDUP_KEY}") == F.col(f"t.{DEDUP_KEY}"), "left")
    is_new = F.col(f"t.{DEDUP_KEY}").isNull()
    wins = F.expr(beats_sql(rank_terms(schema)))
    counts = joined.agg(
        F.sum(F.when(is_new, 1).otherwise(0)).alias("inserted"),
        F.sum(F.when(~is_new & wins, 1).otherwise(0)).alias("updated"),
    ).first()
    return int(counts["inserted"] or 0), int(counts["updated"] or 0)


def _merge(spark, schema, source: DataFrame, std_name: str, columns: list[str], window_start: int | None) -> None:
    view = f"lean_ops_std_source_{abs(hash(std_name))}"
    source.createOrReplaceTempView(view)
    quoted = [tables.quote(c) for c in columns]
    assignments = ", ".join(f"t.{c} = s.{c}" for c in quoted)
    spark.sql(
        f"""MERGE INTO {std_name} t USING {view} s
        ON t.{DEDUP_KEY} = s.{DEDUP_KEY} AND {within_window_sql(window_start)}
        WHEN MATCHED AND {beats_sql(rank_terms(schema))} THEN UPDATE SET {assignments}
        WHEN NOT MATCHED THEN INSERT ({", ".join(quoted)}) VALUES ({", ".join(f"s.{c}" for c in quoted)})"""
    )
    spark.catalog.dropTempView(view)
