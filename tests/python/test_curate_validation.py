"""Curate typing and CDE checks: rejects carry the failing fields; nothing silently disappears."""

from lake_harness import envelope, topic_result

TOPIC = "meter-readings"


def test_curate_rejects_null_cde_uncastable_cde_and_malformed_payload_with_reasons(lake):
    # Prepare
    good = {
        "device_id": "d1", "reading_id": 1, "measured_at": "2026-11-20T08:00:00Z", "unit": "kWh",
        "sensor": {"value": "12.5", "count": 3, "ok": True}, "price": 1.234,
    }
    lake.land(TOPIC, [
        envelope(TOPIC, good, minute=1, message_id="good"),
        envelope(TOPIC, dict(good, reading_id=2, device_id=None), minute=1, message_id="null-cde"),
        envelope(TOPIC, dict(good, reading_id="two"), minute=1, message_id="bad-cast-cde"),
        envelope(TOPIC, dict(good, reading_id=4, sensor={"value": 1.5, "count": 2.5}), minute=1, message_id="bad-cast"),
        envelope(TOPIC, "{not json", minute=1, message_id="malformed"),
        envelope(TOPIC, "[1, 2]", minute=1, message_id="array"),
    ])

    # Act
    std = topic_result(lake.standardize([TOPIC]), TOPIC)
    cur = topic_result(lake.curate([TOPIC]), TOPIC)

    # Assess: standardize keeps every row (malformed ones flagged, never grouped together)
    assert std["parse_errors"] == 2
    assert std["rows_written"] == 6
    assert (cur["rows_in"], cur["rows_written"], cur["rows_rejected"]) == (6, 2, 4)
    assert cur["cast_failures"] == {"sensor.count": 1}
    curated = {r["_message_id"]: r for r in lake.curated(TOPIC)}
    assert set(curated) == {"good", "bad-cast"}
    assert curated["good"]["reading_id"] == 1
    assert curated["good"]["sensor__value"] == 12.5
    assert curated["good"]["sensor__ok"] is True
    assert str(curated["good"]["price"]) == "1.23"
    assert curated["bad-cast"]["sensor__count"] is None  # non-CDE: NULL, counted above
    errors = {r["message_id"]: r for r in lake.curated_errors(TOPIC)}
    assert set(errors) == {"null-cde", "bad-cast-cde", "malformed", "array"}
    assert [(e["field"], e["code"]) for e in errors["null-cde"]["errors"]] == [("device_id", "MISSING_OR_NULL")]
    assert [(e["field"], e["code"], e["value"]) for e in errors["bad-cast-cde"]["errors"]] == [
        ("reading_id", "NOT_CASTABLE", "two")
    ]
    assert [(e["field"], e["code"]) for e in errors["malformed"]["errors"]] == [("_payload", "MALFORMED_PAYLOAD")]
    assert errors["malformed"]["payload"] == "{not json"
    assert [e["code"] for e in errors["array"]["errors"]] == ["MALFORMED_PAYLOAD"]


def test_a_rejected_correction_removes_the_stale_curated_version(lake):
    # Prepare: a valid reading is curated, then a newer version of it lacks the CDE `unit`
    base = {"device_id": "d1", "reading_id": 1, "unit": "kWh", "sensor": {"value": 1.0}}
    lake.land(TOPIC, [envelope(TOPIC, dict(base, measured_at="2026-11-20T08:00:00Z"), minute=1)])
    lake.standardize([TOPIC])
    lake.curate([TOPIC])
    assert len(lake.curated(TOPIC)) == 1
    lake.land(TOPIC, [envelope(TOPIC, dict(base, measured_at="2026-11-20T08:05:00Z", unit=None), minute=6)])

    # Act
    lake.standardize([TOPIC])
    result = topic_result(lake.curate([TOPIC]), TOPIC)

    # Assess: the latest version is the rejected one, so curated no longer shows the stale value
    assert (result["rows_in"], result["rows_rejected"]) == (1, 1)
    assert lake.curated(TOPIC) == []
    (error,) = lake.curated_errors(TOPIC)
    assert [(e["field"], e["code"]) for e in error["errors"]] == [("unit", "MISSING_OR_NULL")]


def test_non_cde_value_that_does_not_cast_becomes_null_and_is_counted(lake):
    # Prepare
    row = {"device_id": "d1", "reading_id": 1, "measured_at": "2026-11-20T08:00:00Z", "unit": "kWh",
           "sensor": {"value": "n/a", "ok": "yes"}}
    lake.land(TOPIC, [envelope(TOPIC, row, minute=1)])

    # Act
    lake.standardize([TOPIC])
    result = topic_result(lake.curate([TOPIC]), TOPIC)

    # Assess: curated keeps the row with NULLs; the text is still in standardized
    assert result["cast_failures"] == {"sensor.value": 1, "sensor.ok": 1}
    (curated,) = lake.curated(TOPIC)
    assert (curated["sensor__value"], curated["sensor__ok"]) == (None, None)
    (standardized,) = lake.standardized(TOPIC)
    assert (standardized["sensor__value"], standardized["sensor__ok"]) == ("n/a", "yes")
