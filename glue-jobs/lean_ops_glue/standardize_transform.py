"""RAW rows -> standardized rows (DataFrame in, DataFrame out; no table access).

Standardized columns: the metadata below (prefixed `_` so payload keys cannot shadow them) and
one string column per flattened payload path. Typing is curate's job: standardized keeps the text,
so a value that does not fit its declared type is still there to be corrected or replayed.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from .dedup import keep_one_per_key, with_dedup_key
from .flatten import FlattenPlan, infer_payload_schema, parse_and_flatten, plan_flatten
from .topic_schema import TopicSchema

# metadata column -> (Spark SQL type, RAW column it comes from or None when the job stamps it)
METADATA_COLUMNS: dict[str, tuple[str, str | None]] = {
    "_dedup_key": ("string", None),
    "_message_id": ("string", "message_id"),
    "_payload": ("string", "payload"),
    "_payload_sha256": ("string", "payload_sha256"),
    "_sent_at": ("timestamp", "sent_at"),
    "_ingested_at": ("timestamp", "ingested_at"),
    "_receive_count": ("int", "receive_count"),
    "_parse_error": ("string", None),
    "_std_seq": ("bigint", None),
    "_standardized_at": ("timestamp", None),
}
STD_SEQ = "_std_seq"


def plan_for(raw: DataFrame, schema: TopicSchema, max_depth: int) -> FlattenPlan:
    """Discover the columns of this increment (one full pass over the payloads)."""
    inferred = infer_payload_schema(raw, "payload")
    return plan_flatten(inferred, schema.declared_paths, max_depth, frozenset(METADATA_COLUMNS))


def to_standardized(raw: DataFrame, schema: TopicSchema, plan: FlattenPlan) -> DataFrame:
    """Parsed, flattened and keyed rows, one per RAW row (duplicates still present)."""
    renamed = raw.select(
        *[F.col(source).alias(target) for target, (_type, source) in METADATA_COLUMNS.items() if source]
    )
    flat = parse_and_flatten(renamed, plan, payload_column="_payload")
    return with_dedup_key(flat, schema)


def deduplicate(keyed: DataFrame, schema: TopicSchema) -> DataFrame:
    """One row per `_dedup_key` (see dedup.py for the ranking)."""
    return keep_one_per_key(keyed, schema)


def stamp(frame: DataFrame, std_seq: int) -> DataFrame:
    """Mark rows with the standardized sequence number their commit will get: curate's increment."""
    return frame.withColumn(STD_SEQ, F.lit(std_seq).cast("bigint")).withColumn(
        "_standardized_at", F.current_timestamp()
    )
