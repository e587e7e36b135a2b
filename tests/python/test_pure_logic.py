"""Pure logic without tables: arguments, topic schemas, flatten planning, dedup ranking SQL."""

import json
from pathlib import Path

import pytest
from lean_ops_glue.config import JobArgumentError, parse_job_args
from lean_ops_glue.dedup import MICROS_PER_DAY, RankTerm, beats_sql, window_start_micros, within_window_sql
from lean_ops_glue.flatten import CORRUPT_COLUMN, plan_flatten
from lean_ops_glue.topic_schema import TopicSchemaError, load_topic_schema, parse_topic_schema
from pyspark.sql import types as T

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "topics"
REQUIRED = [
    "--raw-database", "lean_ops_local_raw", "--standardized-database", "lean_ops_local_standardized",
    "--curated-database", "lean_ops_local_curated", "--checkpoint-table", "lean-ops-local-checkpoints",
    "--schemas-uri", "schemas/topics",
]


def test_job_args_parse_topics_and_ignore_glue_arguments():
    config = parse_job_args(["--JOB_NAME", "x", "--topics", "a-b, c,a-b", "--mode", "rebuild", *REQUIRED])
    assert config.topics == ("a-b", "c")
    assert config.mode == "rebuild"
    assert config.max_depth == 5


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (["--mode", "sometimes"], "--mode"),
        (["--topics", "Bad.Topic"], "--topics"),
        (["--topics", "raw_errors"], "--topics"),
        (["--topics", " , "], "--topics"),
        (["--max-depth", "0"], "--max-depth"),
        (["--raw-database", "Lean-Ops"], "--raw-database"),
    ],
)
def test_job_args_reject_invalid_values_naming_the_argument(override, message):
    argv = ["--topics", "a", *REQUIRED, *override]
    with pytest.raises(JobArgumentError, match=message):
        parse_job_args(argv)


def test_job_args_require_the_checkpoint_table():
    argv = [a for a in ["--topics", "a", *REQUIRED] if a not in ("--checkpoint-table", "lean-ops-local-checkpoints")]
    with pytest.raises(JobArgumentError, match="checkpoint-table"):
        parse_job_args(argv)


def test_every_registry_and_fixture_topic_file_loads():
    folders = [FIXTURES] + ([ROOT / "schemas" / "topics"] if (ROOT / "schemas" / "topics").is_dir() else [])
    loaded = [load_topic_schema(str(folder), path.stem) for folder in folders for path in folder.glob("*.json")]
    assert len(loaded) >= 2
    assert all(schema.fields for schema in loaded)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dedup": {"key": ["device_id"], "keep": "last"}}, "orderBy"),
        ({"dedup": {"key": [], "keep": "first"}}, "dedup.key"),
        ({"fields": {"a": {"type": "varchar"}}}, "valid type"),
        ({"fields": {"a.b": {"type": "int"}, "a__b": {"type": "int"}}}, "same column"),
        ({"topic": "raw_errors"}, "invalid topic"),
        ({"dedup": {"key": ["device_id"], "keep": "first", "windowDays": 0}}, "windowDays"),
        ({"dedup": {"key": ["device_id"], "keep": "first", "windowDays": True}}, "windowDays"),
    ],
)
def test_topic_schema_validation_names_the_problem(change, message):
    document = json.loads((FIXTURES / "meter-readings.json").read_text())
    document.update(change)
    with pytest.raises(TopicSchemaError, match=message):
        parse_topic_schema(document)


def test_topic_schema_reads_the_dedup_window_or_none():
    document = json.loads((FIXTURES / "meter-readings.json").read_text())
    assert parse_topic_schema(document).window_days is None
    document["dedup"]["windowDays"] = 7.0  # JSON's integer with a zero fraction
    assert parse_topic_schema(document).window_days == 7


def test_dedup_window_starts_window_days_before_the_earliest_arrival():
    earliest = 1_800_000_000_000_000
    assert window_start_micros(earliest, 3) == earliest - 3 * MICROS_PER_DAY
    assert window_start_micros(earliest, None) is None
    assert window_start_micros(None, 3) is None  # no arrival times: compare with everything
    assert within_window_sql(None) == "TRUE"
    assert within_window_sql(123, alias="t") == "t._ingested_at >= timestamp_micros(123)"


def struct(**fields) -> T.StructType:
    return T.StructType([T.StructField(name, dtype, True) for name, dtype in fields.items()])


def test_flatten_plan_names_columns_by_path_and_caps_depth():
    inferred = struct(
        a=T.StringType(),
        b=struct(c=T.ArrayType(T.StringType()), d=struct(e=struct(f=T.StringType()))),
        empty=T.StructType([]),
        declared=struct(x=T.StringType()),
    )
    plan = plan_flatten(inferred, frozenset({"declared"}), max_depth=2)
    assert [(c.path, c.name) for c in plan.columns] == [
        ("a", "a"), ("b.c", "b__c"), ("b.d", "b__d"), ("empty", "empty"), ("declared", "declared"),
    ]
    # past the cap, at a declared path and for arrays, the parse schema asks for JSON text
    b_type = plan.parse_schema["b"].dataType
    assert b_type["d"].dataType == T.StringType() and b_type["c"].dataType == T.StringType()
    assert plan.parse_schema["declared"].dataType == T.StringType()
    assert CORRUPT_COLUMN in plan.parse_schema.fieldNames()


def test_flatten_plan_records_collisions_instead_of_overwriting():
    inferred = struct(**{"a": struct(b=T.StringType()), "a.b": T.StringType(), "A__B": T.StringType(), "_message_id": T.StringType()})
    plan = plan_flatten(inferred, reserved_names=frozenset({"_message_id"}))
    assert [c.name for c in plan.columns] == ["a__b"]
    assert sorted(plan.collisions) == ["A__B", "_message_id", "a.b"]


def test_rank_sql_is_lexicographic_with_null_worst(spark):
    terms = [RankTerm("s1", "t1", "greater"), RankTerm("s2", "t2", "smaller")]
    condition = beats_sql(terms)
    cases = [
        ((2, 9, 1, 0), True),  # greater first term wins
        ((1, 9, 2, 0), False),
        ((1, 1, 1, 2), True),  # tie on the first: smaller second wins
        ((1, 2, 1, 2), False),  # full tie: no update (rerun is a no-op)
        ((None, 1, 1, 2), False),  # NULL never beats a value
        ((1, 5, None, 2), True),  # any value beats NULL
    ]
    rows = spark.createDataFrame([c for c, _ in cases], "s1 int, s2 int, t1 int, t2 int")
    got = [r[0] for r in rows.selectExpr(condition).collect()]
    assert got == [expected for _, expected in cases]
