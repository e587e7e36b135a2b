"""Parse RAW payloads and flatten them into one string column per JSON path.

Design (docs/glue-jobs.md): the keys are discovered over every row of the increment (Spark's JSON
schema inference reads all rows: no sampling, no cap on new columns); every leaf is kept as its
JSON text in a string column named by the path with `.` -> `__`; arrays stay JSON text; an object
deeper than `max_depth` levels, or at a declared path, stays JSON text in its own column. Values
never disappear: the verbatim payload is kept too, and a payload that is not a JSON object is
kept with `_parse_error` set for curate to reject.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .names import PATH_SEPARATOR, column_name_for_field

DEFAULT_MAX_DEPTH = 5
CORRUPT_COLUMN = "__lean_ops_corrupt__"
PARSED_COLUMN = "__lean_ops_parsed__"
PARSE_ERROR_MALFORMED = "MALFORMED_PAYLOAD"
PARSE_ERROR_EMPTY = "EMPTY_PAYLOAD"


@dataclass(frozen=True)
class FlatColumn:
    path: str  # JSON path joined with "."
    name: str  # column name: path with "." -> "__"
    steps: tuple[str, ...]  # keys from the payload root to the value


@dataclass
class FlattenPlan:
    parse_schema: T.StructType
    columns: list[FlatColumn]
    collisions: list[str] = field(default_factory=list)  # paths whose column name was already taken


def infer_payload_schema(frame: DataFrame, payload_column: str = "payload") -> T.StructType:
    """Union of the keys of every payload in `frame` (a full pass; leaves inferred as strings).

    Runs Spark's JSON inference on the JVM side (no Python round trip per row).
    """
    spark = frame.sparkSession
    payloads = frame.select(F.col(payload_column).alias("value")).where(F.col("value").isNotNull())._jdf
    encoder = spark._jvm.org.apache.spark.sql.Encoders.STRING()
    reader = (
        spark._jsparkSession.read()
        .option("primitivesAsString", "true")
        .option("columnNameOfCorruptRecord", CORRUPT_COLUMN)
    )
    inferred = reader.json(getattr(payloads, "as")(encoder)).schema().json()
    schema = T.StructType.fromJson(json.loads(inferred))
    return T.StructType([f for f in schema.fields if f.name != CORRUPT_COLUMN])


def plan_flatten(
    inferred: T.StructType,
    declared_paths: frozenset[str] = frozenset(),
    max_depth: int = DEFAULT_MAX_DEPTH,
    reserved_names: frozenset[str] = frozenset(),
) -> FlattenPlan:
    """Decide the columns (pure: no Spark job). Objects are descended until a declared path, the
    depth cap or an empty object; everything else becomes a string leaf holding its JSON text.

    Column names are compared case-insensitively (Spark resolves them so): a later path whose name
    is already taken, including by a reserved metadata column, is recorded in `collisions` and its
    value stays only in the verbatim payload.
    """
    taken = {name.lower() for name in reserved_names}
    columns: list[FlatColumn] = []
    collisions: list[str] = []

    def rewrite(struct: T.StructType, steps: tuple[str, ...]) -> T.StructType:
        kept = []
        for child in struct.fields:
            child_steps = (*steps, child.name)
            path = PATH_SEPARATOR.join(child_steps)
            descend = (
                isinstance(child.dataType, T.StructType)
                and len(child.dataType.fields) > 0
                and len(child_steps) < max_depth
                and path not in declared_paths
            )
            if descend:
                kept.append(T.StructField(child.name, rewrite(child.dataType, child_steps), True))
                continue
            name = column_name_for_field(path)
            if name.lower() in taken:
                collisions.append(path)
                continue
            taken.add(name.lower())
            columns.append(FlatColumn(path, name, child_steps))
            kept.append(T.StructField(child.name, T.StringType(), True))
        return T.StructType(kept)

    parse_schema = rewrite(inferred, ())
    parse_schema = parse_schema.add(T.StructField(CORRUPT_COLUMN, T.StringType(), True))
    return FlattenPlan(parse_schema, columns, collisions)


def _value_at(steps: tuple[str, ...]) -> Column:
    column = F.col(PARSED_COLUMN)
    for step in steps:
        column = column.getField(step)
    return column


def parse_and_flatten(frame: DataFrame, plan: FlattenPlan, payload_column: str = "payload") -> DataFrame:
    """Add one string column per planned path and `_parse_error`; keeps every input row."""
    parsed = frame.withColumn(
        PARSED_COLUMN,
        F.from_json(
            F.col(payload_column),
            plan.parse_schema,
            {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": CORRUPT_COLUMN},
        ),
    )
    malformed = F.col(PARSED_COLUMN).isNull() | F.col(PARSED_COLUMN).getField(CORRUPT_COLUMN).isNotNull()
    parse_error = (
        F.when(F.col(payload_column).isNull(), F.lit(PARSE_ERROR_EMPTY))
        .when(malformed, F.lit(PARSE_ERROR_MALFORMED))
        .otherwise(F.lit(None).cast("string"))
    )
    flat_values = [
        F.when(malformed, F.lit(None).cast("string")).otherwise(_value_at(c.steps)).alias(c.name) for c in plan.columns
    ]
    return parsed.select(*[F.col(name) for name in frame.columns], parse_error.alias("_parse_error"), *flat_values)
