"""Standardized rows -> typed curated rows plus rejects (DataFrame in, DataFrame out).

Every declared field is cast with casting.cast_sql. A row is rejected when its payload was not a
JSON object, when a CDE or non-nullable field is missing/NULL, when a CDE field does not cast, or
when a dedup key field is NULL (NULL keys are never a dedup group). A non-CDE value that does not
cast becomes NULL in curated (its text stays in standardized) and is counted per field.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from .casting import cast_sql, sql_type
from .iceberg_tables import quote
from .topic_schema import TopicSchema

ERRORS = "__lean_ops_errors__"
CAST_FAILURES = "__lean_ops_cast_failures__"
MAX_VALUE_CHARS = 512
CURATED_METADATA = ("_dedup_key", "_message_id", "_sent_at", "_ingested_at", "_std_seq")

MISSING_OR_NULL = "MISSING_OR_NULL"
NOT_CASTABLE = "NOT_CASTABLE"
NULL_DEDUP_KEY = "NULL_DEDUP_KEY"


def _error(field: str, code: str | Column, value: Column) -> Column:
    code_column = F.lit(code) if isinstance(code, str) else code
    return F.struct(
        F.lit(field).alias("field"), code_column.alias("code"), F.substring(value, 1, MAX_VALUE_CHARS).alias("value")
    )


def type_and_validate(frame: DataFrame, schema: TopicSchema) -> DataFrame:
    """Curated columns (typed declared fields + metadata) plus `__lean_ops_errors__` (array of
    {field, code, value}, empty when the row is good) and `__lean_ops_cast_failures__`."""
    null_error = F.lit(None).cast("struct<field:string,code:string,value:string>")
    errors: list[Column] = []
    cast_failures: list[Column] = []
    typed: list[Column] = []
    key_paths = set(schema.dedup_key)
    for spec in schema.fields:
        text = F.col(quote(spec.column)) if spec.column in frame.columns else F.lit(None).cast("string")
        value = F.expr(cast_sql(quote(spec.column), spec.type)) if spec.column in frame.columns else F.lit(None)
        typed.append(value.cast(sql_type(spec.type)).alias(spec.column))
        must_be_present = spec.cde or not spec.nullable
        if must_be_present:
            errors.append(F.when(text.isNull(), _error(spec.path, MISSING_OR_NULL, text)).otherwise(null_error))
        elif spec.path in key_paths:
            errors.append(F.when(text.isNull(), _error(spec.path, NULL_DEDUP_KEY, text)).otherwise(null_error))
        uncastable = text.isNotNull() & value.isNull()
        if spec.cde:
            errors.append(F.when(uncastable, _error(spec.path, NOT_CASTABLE, text)).otherwise(null_error))
        else:
            cast_failures.append(F.when(uncastable, F.lit(spec.path)))
    field_errors = F.filter(F.array(*errors), lambda e: e.isNotNull()) if errors else F.array().cast(
        "array<struct<field:string,code:string,value:string>>"
    )
    parse_error = F.array(_error("_payload", F.col("_parse_error"), F.col("_payload")))
    all_errors = F.when(F.col("_parse_error").isNotNull(), parse_error).otherwise(field_errors)
    failures = F.filter(F.array(*cast_failures), lambda f: f.isNotNull()) if cast_failures else F.array().cast("array<string>")
    return frame.select(
        *[F.col(name) for name in CURATED_METADATA],
        F.col("_payload"),
        *typed,
        all_errors.alias(ERRORS),
        failures.alias(CAST_FAILURES),
    )


def good_rows(validated: DataFrame) -> DataFrame:
    return validated.where(F.size(ERRORS) == 0).drop(ERRORS, CAST_FAILURES, "_payload")


def rejected_rows(validated: DataFrame, topic: str) -> DataFrame:
    """Rows for the curated errors table."""
    return validated.where(F.size(ERRORS) > 0).select(
        F.lit(topic).alias("topic"),
        F.col("_message_id").alias("message_id"),
        F.col("_dedup_key").alias("dedup_key"),
        F.col(ERRORS).alias("errors"),
        F.col("_payload").alias("payload"),
        F.col("_ingested_at").alias("ingested_at"),
        F.col("_std_seq").alias("std_seq"),
        F.current_timestamp().alias("rejected_at"),
    )
