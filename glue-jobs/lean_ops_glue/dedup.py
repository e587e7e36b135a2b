"""Dedup per topic schema, one ordering for within a batch and across runs.

`keep: first` keeps the earliest arrival (smallest `_ingested_at`, then `_message_id`);
`keep: last` keeps the greatest typed `orderBy` (NULL or uncastable ranks lowest), then the latest
arrival, then the greatest `_message_id`. The same ranking is used by the window inside a batch
and by the MERGE condition against stored rows, so the outcome does not depend on how rows were
split into runs (rebuild == incremental). A row with any NULL key field is never grouped: its key
is its own message id, and curate rejects it.

With the topic's `dedup.windowDays`, a batch is compared only with stored rows that arrived at
most that many days before the batch's earliest row (docs/schemas.md, Dedup window): the MERGE
then reads the recent data files instead of the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from .casting import cast_sql
from .iceberg_tables import quote
from .names import column_name_for_field
from .topic_schema import TopicSchema

DEDUP_KEY = "_dedup_key"
ORDER_VALUE = "__lean_ops_order__"
INGESTED_AT = "_ingested_at"
MESSAGE_ID = "_message_id"
MICROS_PER_DAY = 86_400_000_000


def window_start_micros(earliest_micros: int | None, window_days: int | None) -> int | None:
    """Epoch microseconds of the oldest arrival a batch is compared with; None: all history (no
    window, or a batch without arrival times, which then loses nothing by being exact)."""
    if window_days is None or earliest_micros is None:
        return None
    return earliest_micros - window_days * MICROS_PER_DAY


def earliest_arrival_micros():
    """Aggregate for a batch: its earliest `_ingested_at` as epoch microseconds (no time zone)."""
    return F.min(F.unix_micros(F.col(INGESTED_AT)))


def within_window_sql(start_micros: int | None, alias: str = "t") -> str:
    """The condition on stored rows (`alias`) a batch is compared with: a literal the MERGE
    pushes down to Iceberg, which skips data files whose arrivals all precede the window."""
    if start_micros is None:
        return "TRUE"
    return f"{alias}.{INGESTED_AT} >= timestamp_micros({int(start_micros)})"


@dataclass(frozen=True)
class RankTerm:
    """One ranking term: `better` is "greater" or "smaller"; NULL always ranks worst."""

    source_sql: str
    target_sql: str
    better: str


def with_dedup_key(frame: DataFrame, schema: TopicSchema) -> DataFrame:
    """`_dedup_key` = JSON array of the key values, or `message:<id>` when a key part is NULL."""
    parts = [F.col(quote(column_name_for_field(path))) if column_name_for_field(path) in frame.columns else F.lit(None).cast("string") for path in schema.dedup_key]
    any_null = F.lit(False)
    for part in parts:
        any_null = any_null | part.isNull()
    any_null = any_null | F.col("_parse_error").isNotNull()
    key = F.when(any_null, F.concat(F.lit("message:"), F.col(MESSAGE_ID))).otherwise(F.to_json(F.array(*parts)))
    return frame.withColumn(DEDUP_KEY, key)


def order_source_sql(schema: TopicSchema, columns: list[str]) -> str | None:
    """Typed orderBy of a standardized row (SQL), or None for keep first."""
    if schema.keep != "last":
        return None
    column = column_name_for_field(schema.order_by)
    if column not in columns:
        return "CAST(NULL AS STRING)"
    return cast_sql(quote(column), schema.field(schema.order_by).type)


def rank_terms(schema: TopicSchema, source: str = "s", target: str = "t") -> list[RankTerm]:
    """Ranking of one row against another, best first (see module doc)."""
    ingested = RankTerm(f"{source}.{INGESTED_AT}", f"{target}.{INGESTED_AT}", "smaller")
    message = RankTerm(f"{source}.{MESSAGE_ID}", f"{target}.{MESSAGE_ID}", "smaller")
    if schema.keep == "first":
        return [ingested, message]
    order_field = schema.field(schema.order_by)
    target_order = cast_sql(f"{target}.{quote(order_field.column)}", order_field.type)
    return [
        RankTerm(f"{source}.{ORDER_VALUE}", target_order, "greater"),
        RankTerm(ingested.source_sql, ingested.target_sql, "greater"),
        RankTerm(message.source_sql, message.target_sql, "greater"),
    ]


def beats_sql(terms: list[RankTerm]) -> str:
    """SQL that is true when the source row strictly outranks the target row (lexicographic,
    NULL worst). False on a full tie, which makes a rerun of the same rows a no-op."""
    if not terms:
        return "false"
    head, rest = terms[0], terms[1:]
    s, t = head.source_sql, head.target_sql
    op = ">" if head.better == "greater" else "<"
    strictly = f"({s} IS NOT NULL AND ({t} IS NULL OR {s} {op} {t}))"
    if not rest:
        return strictly
    return f"({strictly} OR ({s} <=> {t} AND {beats_sql(rest)}))"


def keep_one_per_key(frame: DataFrame, schema: TopicSchema) -> DataFrame:
    """The best row per `_dedup_key` within one batch (frame must have `_dedup_key`). When keep
    is last, the result carries the typed order value in `__lean_ops_order__` for the MERGE."""
    if schema.keep == "last":
        frame = frame.withColumn(ORDER_VALUE, F.expr(order_source_sql(schema, frame.columns)))
        ordering = [F.col(ORDER_VALUE).desc_nulls_last(), F.col(INGESTED_AT).desc_nulls_last(), F.col(MESSAGE_ID).desc_nulls_last()]
    else:
        ordering = [F.col(INGESTED_AT).asc_nulls_last(), F.col(MESSAGE_ID).asc_nulls_last()]
    ranked = Window.partitionBy(DEDUP_KEY).orderBy(*ordering)
    return frame.withColumn("__lean_ops_rank__", F.row_number().over(ranked)).where("__lean_ops_rank__ = 1").drop(
        "__lean_ops_rank__"
    )
