"""audit: per topic and hour of first send, the state of every message id the deployment holds
(docs/audit.md). Reads, never writes a table.

For each topic it gathers, by message id, what each independent place says — the RAW table,
raw_errors, the curated table, curated_errors, the DLQ index, Firehose's S3 error output, the
checkpoints — and gives each id one state (audit_states.py). Every place is read by ingestion
time from `--from` minus a slack, so the cost follows the audited span, not the table's history
(the curated table's keys are the exception: a duplicate of an old message is only provable
against the old survivor, so they are read whole — or, for a topic with `dedup.windowDays`, from
the window before the span; the DLQ index and the error output: audit_sources.py). A message
belongs to the hour of its earliest known send: a DLQ replay keeps its first delivery's id, and
the DLQ index keeps its first send time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from . import iceberg_tables as tables
from .audit_sources import DLQ_ARCHIVED, DLQ_REPLAYED, client, dlq_messages, firehose_error_messages, iso, micros, replays_by_hour
from .audit_states import FACT_COLUMNS, Cell, build_cells, message_state_sql
from .checkpoints import CheckpointStore
from .config import AuditArgs, JobConfig
from .job_runner import run_topics
from .names import CURATED_ERRORS_TABLE, RAW_ERRORS_TABLE, table_name_for_topic
from .standardize_transform import STD_SEQ, plan_for, to_standardized
from .summary import SUCCEEDED, TopicResult, utc_now_iso, write_summary
from .topic_schema import load_topic_schema

#: Ingestion follows the send; the two clocks (SQS, Lambda) may disagree by a little.
INGEST_SLACK = timedelta(minutes=15)
#: How far back the DLQ index is read for first sends: SQS keeps a message at most 14 days, so
#: anything dead-lettered and replayed into the audited span was first sent within it.
DLQ_LOOKBACK = timedelta(days=14)
#: How far a standardize batch may start before the span it holds rows of (a backlog after an
#: outage); with a dedup window the survivor of a duplicate is no older than window + this.
WINDOW_BATCH_MARGIN = timedelta(days=2)
AUDIT_DOCUMENT_VERSION = 1
#: Topics audited at once (job_runner.run_topics): each topic is many small read-only Spark jobs.
TOPICS_AT_ONCE = 4


def run(spark, config: JobConfig, audit: AuditArgs, checkpoints: CheckpointStore | None = None, dynamodb=None, s3=None) -> dict:
    """Audit `config.topics` over [audit.start, audit.end); writes the audit document to
    `audit.result_uri` and returns the job summary (a topic that cannot be read is FAILED)."""
    checkpoints = checkpoints or CheckpointStore(config.checkpoint_table)
    dynamodb = dynamodb or client("dynamodb")  # one client for every topic's thread: boto3's session is not thread-safe
    undelivered = firehose_error_messages(s3 or client("s3"), audit.archive_bucket, audit.start - INGEST_SLACK)
    with_errors = topics_with_error_rows(spark, config, audit)
    found: dict[str, tuple[list[Cell], list[dict]]] = {}

    def process(topic: str, result: TopicResult) -> None:
        dead_letters = dlq_messages(dynamodb, audit.dlq_index_table, topic, audit.start - DLQ_LOOKBACK)
        result.outcome = SUCCEEDED
        if not dead_letters and not undelivered.get(topic) and topic not in with_errors and idle_since(spark, config, topic, audit.start - INGEST_SLACK):
            return  # nothing of the span anywhere: no Spark job for an idle topic
        cells = topic_cells(spark, config, audit, checkpoints, topic, dead_letters, undelivered.get(topic, []))
        replays = [{"topic": topic, "hour": hour, "count": n} for hour, n in sorted(replays_by_hour(dead_letters, audit).items())]
        result.rows_in = sum(cell.messages for cell in cells)
        found[topic] = (cells, replays)

    summary = run_topics("audit", config, process, topics_at_once=TOPICS_AT_ONCE)
    in_order = [found[topic] for topic in config.topics if topic in found]
    cells = [cell for per_topic, _ in in_order for cell in per_topic]
    replays = [replay for _, topic_replays in in_order for replay in topic_replays]
    write_summary(audit_document(summary, cells, replays, audit), audit.result_uri, s3)
    return summary


def topics_with_error_rows(spark, config: JobConfig, audit: AuditArgs) -> set[str]:
    """The run's topics with rows in raw_errors or curated_errors ingested since the span (less
    the slack): one query per table for the whole run instead of one per topic."""
    since = F.timestamp_micros(F.lit(micros(audit.start - INGEST_SLACK)))
    found: set[str] = set()
    for database, table in ((config.raw_database, RAW_ERRORS_TABLE), (config.curated_database, CURATED_ERRORS_TABLE)):
        name = tables.qualified(database, table)
        if tables.table_exists(spark, name):
            rows = spark.table(name).where(F.col("topic").isin(list(config.topics)) & (F.col("ingested_at") >= since))
            found.update(row["topic"] for row in rows.select("topic").distinct().collect())
    return found


def idle_since(spark, config: JobConfig, topic: str, since: datetime) -> bool:
    """Whether neither the topic's RAW nor its curated table has committed since `since` (from
    table metadata alone): rows are ingested before the commit that holds them, so neither table
    can hold a row ingested since."""
    table = table_name_for_topic(topic)
    for database in (config.raw_database, config.curated_database):
        name = tables.qualified(database, table)
        snapshot = tables.current_snapshot(spark, name) if tables.table_exists(spark, name) else None
        if snapshot is not None and (tables.committed_at_ms(spark, name, snapshot.snapshot_id) or 0) >= micros(since) // 1000:
            return False
    return True


def audit_document(summary: dict, cells: list[Cell], replays: list[dict], audit: AuditArgs) -> dict:
    return {
        "version": AUDIT_DOCUMENT_VERSION,
        "from": iso(audit.start),
        "to": iso(audit.end),
        "run_id": summary["run_id"],
        "generated_at": utc_now_iso(),
        "topics": [{"topic": t["topic"], "outcome": t["outcome"], "error": t["error"]} for t in summary["topics"]],
        "cells": [cell.to_dict() for cell in cells],
        # DLQ replays sent to the topic queues per hour of the span: SQS counts them as sends
        "replays": replays,
    }


def topic_cells(spark, config: JobConfig, audit: AuditArgs, checkpoints, topic: str, dead_letters: list[dict], undelivered: list[dict]) -> list[Cell]:
    facts = message_facts(spark, config, audit, checkpoints, topic, dead_letters, undelivered)
    stated = facts.withColumn("state", F.expr(message_state_sql())).withColumn(
        "hour", F.date_format(F.date_trunc("hour", "first_sent"), "yyyy-MM-dd'T'HH:00:00'Z'")
    )
    stated = stated.cache()
    try:
        counts = [(row["hour"], row["state"], row["n"]) for row in stated.groupBy("hour", "state").agg(F.count("*").alias("n")).collect()]
        ranked = stated.where(~F.col("state").isin("CURATED", "DUPLICATE", "CDE_REJECTED", "DROPPED", "DEAD_LETTERED")).withColumn(
            "rank", F.row_number().over(_by_cell_state())
        )
        examples = [(row["hour"], row["state"], row["message_id"]) for row in ranked.where(F.col("rank") <= audit.examples).collect()]
    finally:
        stated.unpersist()
    return build_cells(topic, counts, examples, audit.examples)


def _by_cell_state():
    from pyspark.sql import Window

    return Window.partitionBy("hour", "state").orderBy("message_id")


def message_facts(spark, config: JobConfig, audit: AuditArgs, checkpoints, topic: str, dead_letters: list[dict], undelivered: list[dict]) -> DataFrame:
    """One row per message id first sent in [start, end): `first_sent`, its dedup key and every
    column of audit_states.FACT_COLUMNS."""
    table = table_name_for_topic(topic)
    raw_name = tables.qualified(config.raw_database, table)
    schema = load_topic_schema(config.schemas_uri, topic)
    since = F.timestamp_micros(F.lit(micros(audit.start - INGEST_SLACK)))
    holders_since = _holders_since(schema, audit)
    sightings: list[DataFrame] = []  # (message_id, sent_at, source, key)

    raw_snapshot = tables.current_snapshot(spark, raw_name) if tables.table_exists(spark, raw_name) else None
    raw_ids = None
    if raw_snapshot is not None:
        raw = tables.read_at(spark, raw_name, raw_snapshot).where(F.col("ingested_at") >= since)
        keyed = _keyed(raw, schema, config.max_depth)
        sightings.append(keyed.select(F.col("_message_id").alias("message_id"), F.col("_sent_at").alias("sent_at"), F.lit("raw").alias("source"), F.col("_dedup_key").alias("key")))
        raw_ids = _not_standardized(spark, raw_name, raw_snapshot, checkpoints.read(topic, "standardized"))

    raw_errors = tables.qualified(config.raw_database, RAW_ERRORS_TABLE)
    if tables.table_exists(spark, raw_errors):
        dropped = spark.table(raw_errors).where((F.col("topic") == topic) & (F.col("ingested_at") >= since))
        sightings.append(dropped.select("message_id", "sent_at", F.lit("dropped").alias("source"), F.lit(None).cast("string").alias("key")))

    cur_name = tables.qualified(config.curated_database, table)
    holders = None
    if tables.table_exists(spark, cur_name):
        curated = spark.table(cur_name).select("_message_id", "_dedup_key", "_sent_at", "_ingested_at")
        sightings.append(curated.where(F.col("_ingested_at") >= since).select(
            F.col("_message_id").alias("message_id"), F.col("_sent_at").alias("sent_at"), F.lit("curated").alias("source"), F.col("_dedup_key").alias("key")))
        holders = _bounded(curated, "_ingested_at", holders_since).select(F.col("_dedup_key").alias("key"), F.col("_message_id").alias("holder"))
    errors_name = tables.qualified(config.curated_database, CURATED_ERRORS_TABLE)
    if tables.table_exists(spark, errors_name):
        rejected = spark.table(errors_name).where(F.col("topic") == topic)
        # curated_errors keeps no send time: its ingestion time stands in (never before the send)
        sightings.append(rejected.where(F.col("ingested_at") >= since).select(
            "message_id", F.col("ingested_at").alias("sent_at"), F.lit("rejected").alias("source"), F.col("dedup_key").alias("key")))
        rejected_holders = _bounded(rejected, "ingested_at", holders_since).select(F.col("dedup_key").alias("key"), F.col("message_id").alias("holder"))
        holders = rejected_holders if holders is None else holders.unionByName(rejected_holders)

    outside = [*dead_letters, *undelivered]
    if outside:
        rows = [(entry["message_id"], entry["sent_at_micros"], entry["source"]) for entry in outside]
        frame = spark.createDataFrame(rows, "message_id string, sent_micros long, source string")
        sightings.append(frame.select("message_id", F.timestamp_micros("sent_micros").alias("sent_at"), "source", F.lit(None).cast("string").alias("key")))

    if not sightings:
        columns = ", ".join(f"{c} {'long' if c == 'curated_rows' else 'boolean'}" for c in FACT_COLUMNS)
        return spark.createDataFrame([], f"message_id string, first_sent timestamp, key string, {columns}")

    seen = sightings[0]
    for more in sightings[1:]:
        seen = seen.unionByName(more)

    def flag(source: str):
        return F.max(F.when(F.col("source") == source, True).otherwise(False))

    facts = seen.groupBy("message_id").agg(
        F.min("sent_at").alias("first_sent"),
        F.min(F.when(F.col("source").isin("raw", "curated", "rejected"), F.col("key"))).alias("key"),
        F.sum(F.when(F.col("source") == "curated", 1).otherwise(0)).alias("curated_rows"),
        flag("rejected").alias("rejected"),
        flag("dropped").alias("dropped"),
        flag(DLQ_ARCHIVED).alias("dead"),
        flag(DLQ_REPLAYED).alias("replayed"),
        flag("undelivered").alias("undelivered"),
        flag("raw").alias("in_raw"),
    )
    facts = facts.where(
        (F.col("first_sent") >= F.timestamp_micros(F.lit(micros(audit.start))))
        & (F.col("first_sent") < F.timestamp_micros(F.lit(micros(audit.end))))
    ).withColumn("paused", F.lit(checkpoints.is_paused(topic)))
    facts = _flag_ids(facts, raw_ids, "not_standardized")
    facts = _flag_keys(facts, _keys_not_curated(spark, config, topic, checkpoints), "key_pending")
    return _flag_held_by_other(facts, holders)


def _holders_since(schema, audit: AuditArgs) -> datetime | None:
    """How far back a duplicate's survivor can be: anywhere without a dedup window; with one, no
    earlier than the window before the span (standardize compares a batch with the window before
    its earliest row, and a batch may reach back past the span: WINDOW_BATCH_MARGIN)."""
    if schema.window_days is None:
        return None
    return audit.start - INGEST_SLACK - timedelta(days=schema.window_days) - WINDOW_BATCH_MARGIN


def _bounded(frame: DataFrame, column: str, since: datetime | None) -> DataFrame:
    return frame if since is None else frame.where(F.col(column) >= F.timestamp_micros(F.lit(micros(since))))


def _keyed(raw: DataFrame, schema, max_depth: int) -> DataFrame:
    """RAW rows with the dedup key standardize gives them (the same transform, so the same key)."""
    if raw.limit(1).count() == 0:
        return raw.select(
            F.col("message_id").alias("_message_id"), F.col("sent_at").alias("_sent_at"), F.lit(None).cast("string").alias("_dedup_key")
        )
    return to_standardized(raw, schema, plan_for(raw, schema, max_depth))


def _not_standardized(spark, raw_name: str, current, checkpoint) -> DataFrame | None:
    """Message ids of RAW rows appended after the standardized checkpoint (all of them before
    the first run); None when nothing is past it."""
    if checkpoint is None:
        return tables.read_at(spark, raw_name, current).select("message_id")
    if current.sequence_number <= checkpoint.sequence_number:
        return None
    return tables.read_appended_between(spark, raw_name, checkpoint, current).select("message_id")


def _keys_not_curated(spark, config: JobConfig, topic: str, checkpoints) -> DataFrame | None:
    """Dedup keys whose standardized row was written after the curated checkpoint (curate's next
    increment, by `_std_seq` as curate reads it)."""
    std_name = tables.qualified(config.standardized_database, table_name_for_topic(topic))
    if not tables.table_exists(spark, std_name):
        return None
    checkpoint = checkpoints.read(topic, "curated")
    rows = spark.table(std_name)
    if checkpoint is not None:
        rows = rows.where(F.col(STD_SEQ) > F.lit(checkpoint.sequence_number))
    return rows.select(F.col("_dedup_key").alias("key"))


def _flag_ids(facts: DataFrame, ids: DataFrame | None, column: str) -> DataFrame:
    if ids is None:
        return facts.withColumn(column, F.lit(False))
    marked = ids.distinct().withColumn(column, F.lit(True))
    return facts.join(marked, "message_id", "left").withColumn(column, F.coalesce(F.col(column), F.lit(False)))


def _flag_keys(facts: DataFrame, keys: DataFrame | None, column: str) -> DataFrame:
    if keys is None:
        return facts.withColumn(column, F.lit(False))
    marked = keys.where(F.col("key").isNotNull()).distinct().withColumn(column, F.lit(True))
    return facts.join(marked, "key", "left").withColumn(column, F.coalesce(F.col(column), F.lit(False)))


def _flag_held_by_other(facts: DataFrame, holders: DataFrame | None) -> DataFrame:
    column = "key_held_by_other"
    if holders is None:
        return facts.withColumn(column, F.lit(False))
    wanted = facts.select("key", F.col("message_id").alias("audited")).where(F.col("key").isNotNull())
    held = (
        wanted.join(holders, "key")
        .where(F.col("holder") != F.col("audited"))
        .select(F.col("audited").alias("message_id"))
        .distinct()
        .withColumn(column, F.lit(True))
    )
    return facts.join(held, "message_id", "left").withColumn(column, F.coalesce(F.col(column), F.lit(False)))
