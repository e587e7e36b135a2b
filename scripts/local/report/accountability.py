"""The accountability report: every published message's terminal state, from what the tables hold.

(Over 300 lines on purpose: load, resolve and report share one SQLite schema, kept in one file.)

Reads the generator's ledger (what was published and the terminal state each message must reach)
and what the pipeline actually holds — the RAW tables and raw_errors, the curated tables and
curated_errors (Iceberg, through the Glue catalog on the local endpoint), the DLQ index
(DynamoDB) and Firehose's S3 error output — never the pipeline's own counters. A message found
only in the error output is DELIVERY_FAILED (alarmed, replayable with
`lean-ops replay-firehose-errors`), not LOST; it is still a mismatch until replayed. Every ledger message gets the state the data
shows, and the report lists every message whose state differs from the ledger, by message id.

Everything is joined in an on-disk SQLite database, so memory stays bounded whatever the run
size (the soak publishes 1,000,000 events).

    AWS_ENDPOINT_URL=... .venv/bin/python scripts/local/report/accountability.py \
        --ledger L --registry schemas/topics --warehouse W --name lean-ops-local --out DIR

Exit code 0 when published = CURATED + DUPLICATE + CDE_REJECTED + DROPPED + DEAD_LETTERED for
every topic, to the record; 1 on any mismatch, loss, double count or unexpected row; 2 on error.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts" / "local"))
sys.path.insert(0, str(ROOT / "scripts" / "local" / "report"))

from accountability_html import render_html  # noqa: E402
from lean_ops_glue.names import CURATED_ERRORS_TABLE, RAW_ERRORS_TABLE, resource_names, table_name_for_topic  # noqa: E402

#: The local endpoint's account (moto); only bucket names carry it, and the report reads none.
LOCAL_ACCOUNT = "000000000000"

STATES = ("CURATED", "DUPLICATE", "CDE_REJECTED", "DROPPED", "DEAD_LETTERED")
#: States that are not terminal for the ledger: found nowhere (LOST), in Firehose's error output
#: awaiting replay (DELIVERY_FAILED), curated twice or in two terminal places.
PROBLEM_STATES = ("DELIVERY_FAILED", "LOST", "DOUBLE_COUNTED", "CONFLICT")
#: lambdas/common/naming ARCHIVE_PREFIXES.firehoseErrors
FIREHOSE_ERRORS_PREFIX = "firehose-errors/"
BATCH = 5_000


def load_registry(folder: Path) -> dict[str, dict]:
    topics = {}
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        topics[schema["topic"]] = schema
    return topics


def dedup_key(schema: dict | None, payload: str | None) -> str | None:
    """The dedup key of a payload as the generator writes it (JSON array of the key values)."""
    if schema is None or payload is None:
        return None
    try:
        document = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    values = []
    for path in schema["dedup"]["key"]:
        node = document
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
        values.append(node)
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False)


def create_schema(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE ledger (message_id TEXT PRIMARY KEY, seq INTEGER, topic TEXT, fault TEXT, expected TEXT,
                             base_seq INTEGER, published_ms INTEGER);
        CREATE TABLE raw (message_id TEXT, topic TEXT, key TEXT, sha TEXT, ingested_ms INTEGER);
        CREATE TABLE raw_error (message_id TEXT, code TEXT);
        CREATE TABLE curated (message_id TEXT, topic TEXT);
        CREATE TABLE curated_error (message_id TEXT, topic TEXT);
        CREATE TABLE dlq (message_id TEXT, status TEXT);
        CREATE TABLE delivery_failed (message_id TEXT, code TEXT);
        """
    )


def load_ledger(db: sqlite3.Connection, ledger: Path) -> None:
    rows = []
    with ledger.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            entry = json.loads(line)
            rows.append((entry["message_id"], entry["seq"], entry["topic"], entry["fault"], entry["expected"],
                         entry.get("base_seq"), entry.get("published_ms")))
            if len(rows) >= BATCH:
                db.executemany("INSERT INTO ledger VALUES (?,?,?,?,?,?,?)", rows)
                rows.clear()
    db.executemany("INSERT INTO ledger VALUES (?,?,?,?,?,?,?)", rows)


def _batches(table, columns: list[str]):
    reader = table.scan(selected_fields=tuple(columns)).to_arrow_batch_reader()
    for batch in reader:
        yield batch.to_pylist()


def load_lake(db: sqlite3.Connection, catalog, names: dict[str, str], registry: dict[str, dict]) -> None:
    existing = {identifier[-1] for identifier in catalog.list_tables(names["rawDatabase"])}
    for table_name in sorted(existing):
        table = catalog.load_table((names["rawDatabase"], table_name))
        if table_name == RAW_ERRORS_TABLE:
            for rows in _batches(table, ["message_id", "error"]):
                db.executemany("INSERT INTO raw_error VALUES (?,?)",
                               [(row["message_id"], (row["error"] or {}).get("code")) for row in rows])
            continue
        for rows in _batches(table, ["message_id", "topic", "payload", "payload_sha256", "ingested_at"]):
            db.executemany(
                "INSERT INTO raw VALUES (?,?,?,?,?)",
                [
                    (row["message_id"], row["topic"], dedup_key(registry.get(row["topic"]), row["payload"]),
                     row["payload_sha256"], int(row["ingested_at"].timestamp() * 1000) if row["ingested_at"] else None)
                    for row in rows
                ],
            )
    curated = {identifier[-1] for identifier in catalog.list_tables(names["curatedDatabase"])} if _has_database(catalog, names["curatedDatabase"]) else set()
    topics_by_table = {table_name_for_topic(topic): topic for topic in registry}
    for table_name in sorted(curated):
        table = catalog.load_table((names["curatedDatabase"], table_name))
        if table_name == CURATED_ERRORS_TABLE:
            for rows in _batches(table, ["message_id", "topic"]):
                db.executemany("INSERT INTO curated_error VALUES (?,?)", [(row["message_id"], row["topic"]) for row in rows])
            continue
        topic = topics_by_table.get(table_name, table_name)
        for rows in _batches(table, ["_message_id"]):
            db.executemany("INSERT INTO curated VALUES (?,?)", [(row["_message_id"], topic) for row in rows])


def _has_database(catalog, database: str) -> bool:
    return any(namespace[-1] == database for namespace in catalog.list_namespaces())


def load_dlq_index(db: sqlite3.Connection, table_name: str) -> None:
    import boto3

    dynamodb = boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    try:
        pages = dynamodb.get_paginator("scan").paginate(TableName=table_name)
        for page in pages:
            rows = []
            for item in page.get("Items", []):
                original = item.get("original_message_id", item.get("message_id", {})).get("S")
                rows.append((original, item.get("status", {}).get("S")))
            db.executemany("INSERT INTO dlq VALUES (?,?)", rows)
    except dynamodb.exceptions.ResourceNotFoundException:
        return


def load_firehose_errors(db: sqlite3.Connection, bucket: str) -> None:
    """The message ids in Firehose's S3 error output (one JSON record per line, rawData = the
    envelope as Firehose had it; docs/local-endpoint.md)."""
    import base64

    import boto3

    s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    try:
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=FIREHOSE_ERRORS_PREFIX)
        for page in pages:
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode("utf-8")
                rows = []
                for line in body.splitlines():
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    try:
                        envelope = json.loads(base64.b64decode(record.get("rawData", "")))
                    except ValueError:
                        continue
                    if isinstance(envelope, dict) and isinstance(envelope.get("message_id"), str):
                        rows.append((envelope["message_id"], record.get("errorCode", record.get("ErrorCode"))))
                db.executemany("INSERT INTO delivery_failed VALUES (?,?)", rows)
    except s3.exceptions.NoSuchBucket:
        return


def resolve_states(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        CREATE INDEX raw_id ON raw (message_id);
        CREATE INDEX raw_error_id ON raw_error (message_id);
        CREATE INDEX curated_id ON curated (message_id);
        CREATE INDEX curated_error_id ON curated_error (message_id);
        CREATE INDEX dlq_id ON dlq (message_id);
        CREATE INDEX delivery_failed_id ON delivery_failed (message_id);
        CREATE TABLE curated_key AS
            SELECT DISTINCT c.topic, r.key, c.message_id FROM curated c JOIN raw r ON r.message_id = c.message_id
            WHERE r.key IS NOT NULL;
        CREATE INDEX curated_key_key ON curated_key (topic, key);
        CREATE TABLE observed AS
        SELECT l.message_id, l.topic, l.fault, l.expected, l.seq, l.base_seq, l.published_ms,
               (SELECT COUNT(*) FROM curated c WHERE c.message_id = l.message_id) AS curated_rows,
               EXISTS (SELECT 1 FROM curated_error e WHERE e.message_id = l.message_id) AS rejected,
               EXISTS (SELECT 1 FROM raw_error r WHERE r.message_id = l.message_id) AS dropped,
               EXISTS (SELECT 1 FROM dlq d WHERE d.message_id = l.message_id AND d.status = 'ARCHIVED') AS dead,
               EXISTS (SELECT 1 FROM delivery_failed f WHERE f.message_id = l.message_id) AS undelivered,
               (SELECT MIN(r.key) FROM raw r WHERE r.message_id = l.message_id) AS key,
               (SELECT MIN(r.sha) FROM raw r WHERE r.message_id = l.message_id) AS sha,
               (SELECT MIN(r.ingested_ms) FROM raw r WHERE r.message_id = l.message_id) AS ingested_ms,
               EXISTS (SELECT 1 FROM raw r WHERE r.message_id = l.message_id) AS in_raw
        FROM ledger l;
        CREATE TABLE actual AS
        SELECT o.*,
               CASE
                 WHEN (o.curated_rows > 0) + o.rejected + o.dropped + o.dead > 1 THEN 'CONFLICT'
                 WHEN o.curated_rows > 1 THEN 'DOUBLE_COUNTED'
                 WHEN o.curated_rows = 1 THEN 'CURATED'
                 WHEN o.rejected THEN 'CDE_REJECTED'
                 WHEN o.dropped THEN 'DROPPED'
                 WHEN o.dead THEN 'DEAD_LETTERED'
                 WHEN o.undelivered AND NOT o.in_raw THEN 'DELIVERY_FAILED'
                 WHEN o.key IS NOT NULL AND EXISTS (
                   SELECT 1 FROM curated_key k WHERE k.topic = o.topic AND k.key = o.key AND k.message_id <> o.message_id
                 ) THEN 'DUPLICATE'
                 ELSE 'LOST'
               END AS state
        FROM observed o;
        CREATE INDEX actual_group ON actual (topic, key);
        """
    )


def equivalent_survivors(db: sqlite3.Connection, registry: dict[str, dict]) -> set[str]:
    """Message ids whose CURATED/DUPLICATE swap is still correct: one survivor per dedup key, and
    the survivor carries the expected survivor's payload (an exact network duplicate) or the
    topic keeps the first arrival (which retries and DLQ replays may legitimately reorder)."""
    accepted: set[str] = set()
    groups = db.execute(
        """
        SELECT topic, key FROM actual
        WHERE key IS NOT NULL AND expected IN ('CURATED', 'DUPLICATE') AND state IN ('CURATED', 'DUPLICATE')
          AND state <> expected
        GROUP BY topic, key
        """
    ).fetchall()
    for topic, key in groups:
        members = db.execute(
            "SELECT message_id, expected, state, sha FROM actual WHERE topic = ? AND key = ? AND expected IN ('CURATED','DUPLICATE')",
            (topic, key),
        ).fetchall()
        survivors = [member for member in members if member[2] == "CURATED"]
        expected_survivors = [member for member in members if member[1] == "CURATED"]
        if len(survivors) != 1 or len(expected_survivors) != 1:
            continue
        keep_first = (registry.get(topic) or {}).get("dedup", {}).get("keep") == "first"
        if keep_first or survivors[0][3] == expected_survivors[0][3]:
            accepted.update(member[0] for member in members)
    return accepted


def build_report(db: sqlite3.Connection, registry: dict[str, dict]) -> dict:
    accepted = equivalent_survivors(db, registry)
    per_topic: dict[str, dict] = {}
    for topic, state, count in db.execute("SELECT topic, state, COUNT(*) FROM actual GROUP BY topic, state"):
        per_topic.setdefault(topic, {"published": 0, **{s: 0 for s in (*STATES, *PROBLEM_STATES)}})
        per_topic[topic][state] = per_topic[topic].get(state, 0) + count
        per_topic[topic]["published"] += count
    mismatches = []
    for row in db.execute(
        "SELECT message_id, topic, fault, expected, state, in_raw, curated_rows FROM actual WHERE state <> expected ORDER BY seq"
    ):
        if row[0] in accepted and row[4] in ("CURATED", "DUPLICATE"):
            continue
        mismatches.append({"message_id": row[0], "topic": row[1], "fault": row[2], "expected": row[3], "actual": row[4],
                           "in_raw": bool(row[5]), "curated_rows": row[6]})
    unexpected = [
        {"message_id": message_id, "topic": topic}
        for message_id, topic in db.execute(
            "SELECT c.message_id, c.topic FROM curated c LEFT JOIN ledger l ON l.message_id = c.message_id WHERE l.message_id IS NULL"
        )
    ]
    totals = {key: sum(counts.get(key, 0) for counts in per_topic.values()) for key in ("published", *STATES, *PROBLEM_STATES)}
    latencies = [row[0] for row in db.execute(
        "SELECT ingested_ms - published_ms FROM actual WHERE state = 'CURATED' AND ingested_ms IS NOT NULL AND published_ms IS NOT NULL"
    )]
    return {
        "version": 1,
        "ok": not mismatches and not unexpected and totals["published"] == sum(totals[s] for s in STATES),
        "totals": totals,
        "per_topic": dict(sorted(per_topic.items())),
        "mismatches": mismatches,
        "unexpected_curated_rows": unexpected,
        "equivalent_survivors_accepted": len(accepted),
        "publish_to_raw_latency_ms": latencies,
    }


def format_text(report: dict) -> str:
    columns = ["published", *STATES, *PROBLEM_STATES]
    rows = [["topic", *[c.lower() for c in columns]]]
    for topic, counts in report["per_topic"].items():
        rows.append([topic, *[str(counts.get(c, 0)) for c in columns]])
    rows.append(["TOTAL", *[str(report["totals"].get(c, 0)) for c in columns]])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.append("")
    for mismatch in report["mismatches"][:100]:
        lines.append(
            f"MISMATCH {mismatch['message_id']} topic={mismatch['topic']} fault={mismatch['fault']} "
            f"expected={mismatch['expected']} actual={mismatch['actual']}"
        )
    if len(report["mismatches"]) > 100:
        lines.append(f"... {len(report['mismatches']) - 100} more in accountability.json")
    if report["totals"].get("DELIVERY_FAILED"):
        lines.append(
            f"{report['totals']['DELIVERY_FAILED']} DELIVERY_FAILED: in Firehose's error output (firehose-errors/); "
            "replay with `lean-ops replay-firehose-errors --send`"
        )
    for row in report["unexpected_curated_rows"][:20]:
        lines.append(f"UNEXPECTED curated row {row['message_id']} topic={row['topic']} (not in the ledger)")
    verdict = "RECONCILED" if report["ok"] else "NOT RECONCILED"
    lines.append(
        f"{verdict}: published {report['totals']['published']} = "
        + " + ".join(f"{report['totals'][s]} {s}" for s in STATES)
        + f"; {len(report['mismatches'])} mismatches"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, required=True)
    parser.add_argument("--registry", type=Path, default=ROOT / "schemas" / "topics")
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--name", default="lean-ops-local")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--breaker-transitions", type=Path, help="NDJSON of breaker transitions to chart")
    parser.add_argument("--run-details", type=Path, help="JSON of the run (seed, events, commit, ...) shown in the HTML")
    args = parser.parse_args(argv)

    from raw_writer import open_catalog

    args.out.mkdir(parents=True, exist_ok=True)
    database = args.out / "accountability.sqlite"
    database.unlink(missing_ok=True)
    db = sqlite3.connect(database)
    names = resource_names(args.name, LOCAL_ACCOUNT)
    registry = load_registry(args.registry)
    create_schema(db)
    load_ledger(db, args.ledger)
    load_lake(db, open_catalog(args.warehouse), names, registry)
    load_dlq_index(db, names["dlqIndexTable"])
    load_firehose_errors(db, names["archiveBucket"])
    resolve_states(db)
    report = build_report(db, registry)
    latencies = report.pop("publish_to_raw_latency_ms")
    transitions = []
    if args.breaker_transitions and args.breaker_transitions.exists():
        transitions = [json.loads(line) for line in args.breaker_transitions.read_text().splitlines() if line.strip()]
    (args.out / "accountability.json").write_text(json.dumps(report, indent=2))
    text = format_text(report)
    (args.out / "accountability.txt").write_text(text)
    run = json.loads(args.run_details.read_text()) if args.run_details and args.run_details.exists() else {}
    (args.out / "accountability.html").write_text(render_html(report, latencies, transitions, run))
    sys.stdout.write(text)
    db.close()
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(2)
