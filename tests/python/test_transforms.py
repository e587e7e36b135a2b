"""The pure transforms on small DataFrames (no tables): flatten, casting, typing + CDE checks."""

import json

from lean_ops_glue.casting import cast_sql
from lean_ops_glue.curate_transform import ERRORS, good_rows, type_and_validate
from lean_ops_glue.flatten import infer_payload_schema, parse_and_flatten, plan_flatten
from lean_ops_glue.topic_schema import parse_topic_schema
from pyspark.sql import Row


def test_flatten_keeps_arrays_capped_objects_and_declared_objects_as_json_text(spark):
    # Prepare
    payloads = [
        json.dumps({"a": 1, "tags": ["x", 2], "deep": {"l2": {"l3": {"v": True}}}, "geo": {"lat": 1.5}}),
        json.dumps({"a": "text", "extra": None}),
        "not json",
    ]
    frame = spark.createDataFrame([(p,) for p in payloads], "payload string")
    plan = plan_flatten(infer_payload_schema(frame), frozenset({"geo"}), max_depth=2)

    # Act
    flat = parse_and_flatten(frame, plan).drop("payload")

    # Assess
    expected = spark.createDataFrame(
        [
            Row(_parse_error=None, a="1", deep__l2='{"l3":{"v":true}}', extra=None, geo='{"lat":1.5}', tags='["x",2]'),
            Row(_parse_error=None, a="text", deep__l2=None, extra=None, geo=None, tags=None),
            Row(_parse_error="MALFORMED_PAYLOAD", a=None, deep__l2=None, extra=None, geo=None, tags=None),
        ],
        "_parse_error string, a string, deep__l2 string, extra string, geo string, tags string",
    )
    # (pyspark.testing.assertDataFrameEqual needs pandas, which the Glue-parity venv does not ship)
    assert flat.select(*expected.columns).collect() == expected.collect()


def test_casts_accept_only_the_declared_text_form(spark):
    # Prepare
    cases = {
        "int": [("42", 42), ("-7", -7), ("1.5", None), ("99999999999", None), ("x", None)],
        "boolean": [("true", True), ("false", False), ("yes", None), ("1", None)],
        "timestamp": [("2026-11-20T09:30:00+01:00", "2026-11-20 08:30:00"), ("2026-11-20T08:00:00Z", "2026-11-20 08:00:00"),
                      ("20/11/2026", None), ("1732089600", None)],
        "date": [("2026-02-28", "2026-02-28"), ("2026-02-30", None), ("2026-02-28T00:00:00Z", None)],
        "decimal(5,2)": [("1.234", "1.23"), ("1.235", "1.24"), ("12345.6", None), ("1e2", "100.00")],
        "double": [("1e3", 1000.0), (" 2.5 ", 2.5), ("NaN", None), ("abc", None)],
    }
    for field_type, pairs in cases.items():
        frame = spark.createDataFrame([(text,) for text, _ in pairs], "v string")

        # Act
        got = [row[0] for row in frame.selectExpr(cast_sql("v", field_type)).collect()]

        # Assess
        rendered = [None if g is None else (str(g) if field_type in ("timestamp", "date") or field_type.startswith("decimal") else g) for g in got]
        assert rendered == [expected for _, expected in pairs], field_type


def test_type_and_validate_lists_every_failing_field_of_a_row(spark):
    # Prepare
    schema = parse_topic_schema({
        "topic": "t", "version": 1, "dedup": {"key": ["id"], "keep": "first"},
        "fields": {
            "id": {"type": "string", "nullable": False, "cde": True},
            "n": {"type": "int", "nullable": False, "cde": True},
            "note": {"type": "string", "nullable": True, "cde": False},
        },
    })
    standardized = spark.createDataFrame(
        [("k1", "m1", None, "1", "ok"), ('["k2"]', "m2", None, None, None), ("message:m3", "m3", None, "x", None)],
        "_dedup_key string, _message_id string, _parse_error string, n string, note string",
    ).selectExpr("*", "CAST(NULL AS STRING) AS id_missing", "'p' AS _payload", "CAST(NULL AS TIMESTAMP) AS _sent_at",
                 "CAST(NULL AS TIMESTAMP) AS _ingested_at", "1L AS _std_seq").drop("id_missing")

    # Act
    validated = type_and_validate(standardized, schema)

    # Assess: the `id` column is absent from standardized, so every row misses the CDE `id`
    errors = {r["_message_id"]: [(e["field"], e["code"]) for e in r[ERRORS]] for r in validated.collect()}
    assert errors == {
        "m1": [("id", "MISSING_OR_NULL")],
        "m2": [("id", "MISSING_OR_NULL"), ("n", "MISSING_OR_NULL")],
        "m3": [("id", "MISSING_OR_NULL"), ("n", "NOT_CASTABLE")],
    }
    assert good_rows(validated).count() == 0
