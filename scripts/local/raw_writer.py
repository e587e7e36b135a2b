"""Local Firehose -> Iceberg delivery: appends spooled RAW envelopes to the RAW Iceberg tables.

Input: NDJSON files of RAW envelopes (docs/architecture.md §4) already routed by the firehose-transform,
laid out as `<spool>/<database>/<table>/*.ndjson`. Each table's files become ONE Iceberg append
commit per call (pyiceberg, no JVM) in the Glue catalog on the local moto endpoint
(AWS_ENDPOINT_URL), creating the table with the RAW schema (glue-jobs/lean_ops_glue/raw_schema.py)
when missing. Files are deleted only after their commit. The commit carries the batch's content
hash (`lean-ops.spool-batch`), so a rerun after a crash between the commit and the deletion finds
the batch already committed and only deletes the files. A line that is not a usable envelope is
never dropped: it is moved, with its error code and reason, to `<spool>/_failed/<database>/<table>/`
(the local run writes those to Firehose's S3 error output) and counted. A table that does not
exist is never created here (Terraform creates them; Firehose fails such records with
Iceberg.NoSuchTable): `--ensure-tables` plays Terraform.

    AWS_ENDPOINT_URL=http://127.0.0.1:PORT .venv/bin/python scripts/local/raw_writer.py \
        --spool DIR --warehouse DIR

prints {"tables": {"<db>.<table>": {"rows": N, "failed": M, "files": K, "snapshot_id": "..."}}}.
The warehouse is a local folder (file:// URIs); the Glue jobs' local Spark uses the same one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path


from lean_ops_glue import raw_schema  # noqa: E402

BATCH_PROPERTY = "lean-ops.spool-batch"
FAILED_DIR = "_failed"
COMMIT_ATTEMPTS = 5


#: Error codes of the local Iceberg destination (docs/local-endpoint.md names their sources).
NO_SUCH_TABLE = "Iceberg.NoSuchTable"
MISSING_COLUMN = "Iceberg.MissingColumnWithinRecord"
SCHEMA_MISMATCH = "Iceberg.SchemaMismatch"


class EnvelopeError(ValueError):
    """A spooled line that cannot become a RAW row; `code` is the error output's errorCode."""

    def __init__(self, message: str, code: str = SCHEMA_MISMATCH):
        super().__init__(message)
        self.code = code


def open_catalog(warehouse: str, endpoint_url: str | None = None, region: str = "us-east-1"):
    """The Glue catalog on the local endpoint, writing data under `warehouse` (a folder or URI)."""
    from pyiceberg.catalog import load_catalog

    endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint_url:
        raise RuntimeError("AWS_ENDPOINT_URL is not set: the local Glue catalog lives on the moto endpoint")
    uri = warehouse if "://" in warehouse else Path(warehouse).resolve().as_uri()
    return load_catalog(
        "glue_catalog",
        **{
            "type": "glue",
            "glue.endpoint": endpoint_url,
            "glue.region": os.environ.get("AWS_REGION", region),
            "warehouse": uri,
        },
    )


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _timestamp(value, name: str) -> datetime | None:
    """Firehose's Iceberg destination takes timestamps as epoch microseconds, nothing else."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise EnvelopeError(f"{name} is not epoch microseconds: {value!r}")
    return EPOCH + timedelta(microseconds=value)


def _optional_string(value, name: str) -> str | None:
    # Never coerced: a number in a string column fails the record, as a type mismatch does in AWS.
    if value is None or isinstance(value, str):
        return value
    raise EnvelopeError(f"{name} must be a string, got {type(value).__name__}")


def envelope_to_row(line: str) -> dict:
    """One NDJSON line -> a RAW row dict; raises EnvelopeError naming the problem."""
    try:
        envelope = json.loads(line)
    except ValueError as error:
        raise EnvelopeError(f"not JSON: {error}") from error
    if not isinstance(envelope, dict):
        raise EnvelopeError("not a JSON object")
    # Every column of the RAW table, first level only (schemas/raw-envelope.json).
    missing = [name for name in raw_schema.RAW_COLUMNS if name not in envelope]
    if missing:
        raise EnvelopeError(f"missing {', '.join(missing)}", MISSING_COLUMN)
    unknown = [name for name in envelope if name not in raw_schema.RAW_COLUMNS]
    if unknown:
        raise EnvelopeError(f"not a RAW column: {', '.join(unknown)}")
    null = [field.name for field in raw_schema.RAW_FIELDS if not field.nullable and envelope[field.name] is None]
    if null:
        raise EnvelopeError(f"null in a non-nullable column: {', '.join(null)}")
    receive_count = envelope.get("receive_count")
    if receive_count is not None and (not isinstance(receive_count, int) or isinstance(receive_count, bool)):
        raise EnvelopeError("receive_count must be an integer")
    error = envelope.get("error")
    if error is not None:
        if not isinstance(error, dict):
            raise EnvelopeError("error must be an object")
        error = {name: _optional_string(error.get(name), f"error.{name}") for name in raw_schema.ERROR_SUBFIELDS}
    row = {
        name: _optional_string(envelope.get(name), name)
        for name in raw_schema.RAW_COLUMNS
        if name not in raw_schema.TIMESTAMP_COLUMNS and name not in ("receive_count", "error")
    }
    for name in raw_schema.TIMESTAMP_COLUMNS:
        row[name] = _timestamp(envelope.get(name), name)
    row["receive_count"] = receive_count
    row["error"] = error
    return row


def _load_or_create(catalog, database: str, table: str):
    from pyiceberg.exceptions import NoSuchTableError, TableAlreadyExistsError

    identifier = (database, table)
    catalog.create_namespace_if_not_exists(database)
    try:
        return catalog.load_table(identifier)
    except NoSuchTableError:
        pass
    schema = raw_schema.iceberg_schema()
    try:
        return catalog.create_table(
            identifier,
            schema=schema,
            partition_spec=raw_schema.iceberg_partition_spec(schema),
            properties={"format-version": "2"},
        )
    except TableAlreadyExistsError:  # another writer created it meanwhile
        return catalog.load_table(identifier)


def _already_committed(table, batch_id: str) -> str | None:
    for snapshot in table.snapshots():
        summary = snapshot.summary
        if summary is not None and summary.get(BATCH_PROPERTY) == batch_id:
            return str(snapshot.snapshot_id)
    return None


def _failure(line: str, code: str, reason: str) -> str:
    return json.dumps({"line": line, "errorCode": code, "reason": reason}) + "\n"


def _move_failed(spool: Path, database: str, table: str, source: Path, lines: list[str]) -> None:
    target_dir = spool / FAILED_DIR / database / table
    target_dir.mkdir(parents=True, exist_ok=True)
    with (target_dir / f"{source.stem}.failed.ndjson").open("a", encoding="utf-8") as out:
        out.writelines(lines)


def _load(catalog, database: str, table: str):
    """The table Terraform created, or None: Firehose never creates a table (Iceberg.NoSuchTable)."""
    from pyiceberg.exceptions import NoSuchNamespaceError, NoSuchTableError

    try:
        return catalog.load_table((database, table))
    except (NoSuchTableError, NoSuchNamespaceError):
        return None


def deliver_table(catalog, spool: Path, database: str, table: str) -> dict:
    """Append every spooled file of one table as one commit; returns its counts."""
    import pyarrow as pa
    from pyiceberg.exceptions import CommitFailedException

    files = sorted(p for p in (spool / database / table).glob("*.ndjson") if p.is_file())
    if not files:
        return {"rows": 0, "failed": 0, "files": 0, "snapshot_id": None}
    rows: list[dict] = []
    failed_lines: dict[Path, list[str]] = {}
    digest = hashlib.sha256()
    iceberg_table = _load(catalog, database, table)
    for path in files:
        content = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + content + b"\0")
        for line in content.decode("utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            if iceberg_table is None:
                failed_lines.setdefault(path, []).append(
                    _failure(line, NO_SUCH_TABLE, f"table {database}.{table} does not exist")
                )
                continue
            try:
                rows.append(envelope_to_row(line))
            except EnvelopeError as error:
                failed_lines.setdefault(path, []).append(_failure(line, error.code, str(error)))
    batch_id = digest.hexdigest()
    if iceberg_table is None:
        for path, lines in failed_lines.items():
            _move_failed(spool, database, table, path, lines)
        for path in files:
            path.unlink()
        return {"rows": 0, "failed": sum(len(v) for v in failed_lines.values()), "files": len(files), "snapshot_id": None}
    snapshot_id = _already_committed(iceberg_table, batch_id)
    if snapshot_id is None and rows:
        data = pa.Table.from_pylist(rows, schema=raw_schema.arrow_schema())
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            try:
                iceberg_table.append(data, snapshot_properties={BATCH_PROPERTY: batch_id})
                break
            except CommitFailedException:
                if attempt == COMMIT_ATTEMPTS:
                    raise
                time.sleep(0.2 * attempt)
                iceberg_table = catalog.load_table((database, table))
        snapshot_id = str(iceberg_table.current_snapshot().snapshot_id)
    for path, lines in failed_lines.items():
        _move_failed(spool, database, table, path, lines)
    for path in files:
        path.unlink()
    return {"rows": len(rows), "failed": sum(len(v) for v in failed_lines.values()), "files": len(files), "snapshot_id": snapshot_id}


def deliver_spool(spool: Path, warehouse: str, catalog=None) -> dict:
    """Deliver every `<spool>/<database>/<table>/` folder; returns the JSON summary."""
    spool = Path(spool)
    catalog = catalog or open_catalog(warehouse)
    summary: dict[str, dict] = {}
    for database_dir in sorted(p for p in spool.iterdir() if p.is_dir() and p.name != FAILED_DIR):
        for table_dir in sorted(p for p in database_dir.iterdir() if p.is_dir()):
            counts = deliver_table(catalog, spool, database_dir.name, table_dir.name)
            if counts["files"]:
                summary[f"{database_dir.name}.{table_dir.name}"] = counts
    return {"tables": summary}


def ensure_tables(warehouse: str, database: str, tables: list[str], catalog=None) -> dict:
    """Create the RAW tables that do not exist yet (as Terraform does for every registered topic)."""
    catalog = catalog or open_catalog(warehouse)
    catalog.create_namespace_if_not_exists(database)
    existing = {identifier[-1] for identifier in catalog.list_tables(database)}
    missing = [table for table in tables if table not in existing]
    for table in missing:
        _load_or_create(catalog, database, table)
    return {"database": database, "created": len(missing), "existing": len(tables) - len(missing)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Append spooled RAW envelopes to the RAW Iceberg tables")
    parser.add_argument("--spool", type=Path, help="folder of <database>/<table>/*.ndjson")
    parser.add_argument("--warehouse", required=True, help="warehouse folder (or URI) of the local Glue catalog")
    parser.add_argument("--ensure-tables", metavar="DATABASE", help="only create the missing RAW tables of DATABASE")
    parser.add_argument("--tables-file", type=Path, help="with --ensure-tables: table names, one per line")
    args = parser.parse_args(argv)
    if args.ensure_tables:
        if args.tables_file is None:
            parser.error("--ensure-tables needs --tables-file")
        tables = [line.strip() for line in args.tables_file.read_text().splitlines() if line.strip()]
        print(json.dumps(ensure_tables(args.warehouse, args.ensure_tables, tables), sort_keys=True))
        return 0
    if args.spool is None:
        parser.error("--spool is required")
    if not args.spool.is_dir():
        print(json.dumps({"error": f"spool folder {args.spool} does not exist"}), file=sys.stderr)
        return 2
    try:
        summary = deliver_spool(args.spool, args.warehouse)
    except Exception as error:  # the caller retries; nothing was deleted before its commit
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), file=sys.stderr)
        return 1
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
