"""The local Firehose -> Iceberg delivery: one commit per table per call, files deleted only
after the commit, bad lines kept aside, a rerun after a crash commits nothing twice, and the
jobs' Spark reads what pyiceberg wrote."""

import json
import os
import subprocess
import sys
from pathlib import Path

import raw_writer
from lean_ops_glue.iceberg_tables import qualified
from lake_harness import envelope

ROOT = Path(__file__).resolve().parents[2]


def spool_file(spool, database, table, name, lines, catalog=None):
    """A spooled file for `table`; with `catalog`, the table exists first, as Terraform made it."""
    if catalog is not None:
        raw_writer.ensure_tables("unused", database, [table], catalog=catalog)
    folder = spool / database / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_each_table_gets_one_commit_and_spark_reads_the_rows(lake, tmp_path):
    # Prepare: two files for one topic table and one for raw_errors
    spool = tmp_path / "spool"
    topic_lines = [json.dumps(envelope("meter-readings", {"n": i})) for i in range(3)]
    spool_file(spool, lake.raw_db, "meter_readings", "a.ndjson", topic_lines[:2], catalog=lake.catalog)
    spool_file(spool, lake.raw_db, "meter_readings", "b.ndjson", topic_lines[2:], catalog=lake.catalog)
    dropped = envelope("meter-readings", "not json", error={"code": "MALFORMED_JSON", "reason": "Unexpected token"})
    spool_file(spool, lake.raw_db, "raw_errors", "c.ndjson", [json.dumps(dropped)], catalog=lake.catalog)

    # Act
    summary = raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)

    # Assess
    readings = summary["tables"][f"{lake.raw_db}.meter_readings"]
    assert (readings["rows"], readings["files"], readings["failed"]) == (3, 2, 0)
    assert summary["tables"][f"{lake.raw_db}.raw_errors"]["rows"] == 1
    table = lake.catalog.load_table((lake.raw_db, "meter_readings"))
    assert len(table.snapshots()) == 1
    assert [f.name for f in table.spec().fields] == ["ingested_at_day"]
    assert list(spool.rglob("*.ndjson")) == []
    rows = lake.spark.table(qualified(lake.raw_db, "meter_readings")).orderBy("message_id").collect()
    assert [json.loads(r["payload"])["n"] for r in rows] == [0, 1, 2]
    assert str(rows[0]["ingested_at"]) == "2026-11-20 08:00:00"
    (error_row,) = lake.spark.table(qualified(lake.raw_db, "raw_errors")).collect()
    assert error_row["error"]["code"] == "MALFORMED_JSON"


def test_bad_lines_are_moved_aside_not_dropped_and_good_lines_land(lake, tmp_path):
    # Prepare
    spool = tmp_path / "spool"
    good = json.dumps(envelope("door-openings", {"event_id": "e1"}))
    missing = json.dumps({k: v for k, v in envelope("door-openings", {}).items() if k != "ingested_at"})
    spool_file(spool, lake.raw_db, "door_openings", "x.ndjson", [good, "garbage{", missing], catalog=lake.catalog)

    # Act
    summary = raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)

    # Assess
    assert summary["tables"][f"{lake.raw_db}.door_openings"] == {
        "rows": 1, "failed": 2, "files": 1, "snapshot_id": summary["tables"][f"{lake.raw_db}.door_openings"]["snapshot_id"],
    }
    failed = (spool / "_failed" / lake.raw_db / "door_openings" / "x.failed.ndjson").read_text().splitlines()
    reasons = [json.loads(line)["reason"] for line in failed]
    assert reasons[0].startswith("not JSON") and reasons[1] == "missing ingested_at"
    codes = [json.loads(line)["errorCode"] for line in failed]
    assert codes == ["Iceberg.SchemaMismatch", "Iceberg.MissingColumnWithinRecord"]


def test_lines_that_break_the_iceberg_destination_contract_are_failed_not_repaired(lake, tmp_path):
    # Firehose takes timestamps as epoch microseconds and needs the record's first-level fields
    # to match the table: nothing here is parsed, filled in or dropped silently.
    spool = tmp_path / "spool"
    good = envelope("door-openings", {"event_id": "e1"})
    bad = [
        dict(good, ingested_at="2026-11-20T08:00:00Z"),
        dict(good, sent_at=1.5),
        {k: v for k, v in good.items() if k != "message_group_id"},
        dict(good, extra="x"),
        dict(good, source_arn=None),
        dict(good, receive_count="1"),
        dict(good, sequence_number=42),
    ]
    spool_file(spool, lake.raw_db, "door_openings", "z.ndjson", [json.dumps(line) for line in bad], catalog=lake.catalog)

    summary = raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)

    assert summary["tables"][f"{lake.raw_db}.door_openings"]["rows"] == 0
    failed = (spool / "_failed" / lake.raw_db / "door_openings" / "z.failed.ndjson").read_text().splitlines()
    assert [json.loads(line)["reason"] for line in failed] == [
        "ingested_at is not epoch microseconds: '2026-11-20T08:00:00Z'",
        "sent_at is not epoch microseconds: 1.5",
        "missing message_group_id",
        "not a RAW column: extra",
        "null in a non-nullable column: source_arn",
        "receive_count must be an integer",
        "sequence_number must be a string, got int",
    ]


def test_a_table_that_does_not_exist_is_never_created_and_its_records_fail_as_no_such_table(lake, tmp_path):
    # Firehose delivers into tables Terraform created; it never creates one (Iceberg.NoSuchTable).
    spool = tmp_path / "spool"
    line = json.dumps(envelope("door-openings", {"event_id": "e1"}))
    spool_file(spool, lake.raw_db, "no_such_topic", "n.ndjson", [line])

    summary = raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)

    assert summary["tables"][f"{lake.raw_db}.no_such_topic"]["failed"] == 1
    assert not lake.catalog.table_exists((lake.raw_db, "no_such_topic"))
    (failure,) = (spool / "_failed" / lake.raw_db / "no_such_topic" / "n.failed.ndjson").read_text().splitlines()
    assert json.loads(failure) == {
        "line": line, "errorCode": "Iceberg.NoSuchTable", "reason": f"table {lake.raw_db}.no_such_topic does not exist",
    }
    assert list((spool / lake.raw_db).rglob("*.ndjson")) == []


def test_rerun_after_a_crash_before_file_deletion_commits_nothing_twice(lake, tmp_path, monkeypatch):
    # Prepare: the first delivery commits, then "crashes" before deleting its file
    spool = tmp_path / "spool"
    path = spool_file(spool, lake.raw_db, "door_openings", "y.ndjson", [json.dumps(envelope("door-openings", {}))], catalog=lake.catalog)
    content = path.read_bytes()
    raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)  # the file is still there, as if unlink never ran

    # Act
    raw_writer.deliver_spool(spool, "unused", catalog=lake.catalog)

    # Assess
    table = lake.catalog.load_table((lake.raw_db, "door_openings"))
    assert len(table.snapshots()) == 1
    assert table.scan().to_arrow().num_rows == 1
    assert not path.exists()


def test_cli_prints_the_json_summary_and_refuses_a_missing_spool(lake, warehouse, tmp_path):
    # Prepare: the interface the TS local run spawns
    spool = tmp_path / "spool"
    spool_file(spool, lake.raw_db, "door_openings", "z.ndjson", [json.dumps(envelope("door-openings", {}))], catalog=lake.catalog)
    script = [sys.executable, str(ROOT / "scripts" / "local" / "raw_writer.py")]

    # Act
    delivered = subprocess.run([*script, "--spool", str(spool), "--warehouse", str(warehouse)],
                               capture_output=True, text=True, env=dict(os.environ), timeout=120, check=False)
    missing = subprocess.run([*script, "--spool", str(tmp_path / "nope"), "--warehouse", str(warehouse)],
                             capture_output=True, text=True, env=dict(os.environ), timeout=120, check=False)

    # Assess
    assert delivered.returncode == 0, delivered.stderr
    assert json.loads(delivered.stdout)["tables"][f"{lake.raw_db}.door_openings"]["rows"] == 1
    assert lake.spark.table(qualified(lake.raw_db, "door_openings")).count() == 1
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_ensure_tables_creates_only_the_missing_raw_tables(lake):
    # Prepare: one of the three tables exists already (with a row that must survive)
    existing = raw_writer._load_or_create(lake.catalog, lake.raw_db, "ensure_a")
    snapshots_before = len(existing.snapshots())

    # Act
    first = raw_writer.ensure_tables("unused", lake.raw_db, ["ensure_a", "ensure_b", "ensure_c"], catalog=lake.catalog)
    second = raw_writer.ensure_tables("unused", lake.raw_db, ["ensure_a", "ensure_b", "ensure_c"], catalog=lake.catalog)

    # Assess
    assert (first["created"], first["existing"]) == (2, 1)
    assert (second["created"], second["existing"]) == (0, 3)
    created = lake.catalog.load_table((lake.raw_db, "ensure_b"))
    assert [f.name for f in created.spec().fields] == ["ingested_at_day"]
    assert len(lake.catalog.load_table((lake.raw_db, "ensure_a")).snapshots()) == snapshots_before
