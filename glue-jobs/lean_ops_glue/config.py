"""Job arguments, validated before any table is touched (a bad argument is a usage error, exit 2).

Glue passes job arguments as `--name value` pairs plus its own (`--JOB_NAME`, `--TempDir`...),
which are ignored here; the local run passes the same pairs on the command line.
"""

from __future__ import annotations

import argparse
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from .flatten import DEFAULT_MAX_DEPTH
from .names import is_valid_topic_name

DATABASE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,254}$")
MODES = ("incremental", "rebuild")


class JobArgumentError(ValueError):
    """An argument is missing or invalid; the message names it."""


@dataclass(frozen=True)
class JobConfig:
    topics: tuple[str, ...]
    mode: str
    raw_database: str
    standardized_database: str
    curated_database: str
    checkpoint_table: str
    schemas_uri: str
    summary_uri: str | None
    warehouse: str | None
    max_depth: int
    run_id: str


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs):
        # Exact names only: with abbreviations the audit's `--to` would be taken for `--topics`.
        super().__init__(allow_abbrev=False, **kwargs)

    def error(self, message: str) -> None:  # argparse would exit; callers decide the exit code
        raise JobArgumentError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="lean-ops glue job", add_help=False)
    parser.add_argument("--topics", required=True, help="comma-separated topics")
    parser.add_argument("--mode", default="incremental")
    parser.add_argument("--raw-database", required=True)
    parser.add_argument("--standardized-database", required=True)
    parser.add_argument("--curated-database", required=True)
    parser.add_argument("--checkpoint-table", required=True)
    parser.add_argument("--schemas-uri", required=True)
    parser.add_argument("--summary-uri")
    parser.add_argument("--warehouse", help="local runs: warehouse folder or URI of the Glue catalog")
    parser.add_argument("--max-depth", default=str(DEFAULT_MAX_DEPTH))
    parser.add_argument("--run-id")
    return parser


def parse_job_args(argv: list[str]) -> JobConfig:
    """Parse and validate; unknown arguments (Glue's own) are ignored."""
    args, _unknown = _parser().parse_known_args(argv)
    topics = tuple(dict.fromkeys(t.strip() for t in args.topics.split(",") if t.strip()))
    if not topics:
        raise JobArgumentError("--topics: at least one topic is required")
    bad = [t for t in topics if not is_valid_topic_name(t)]
    if bad:
        raise JobArgumentError(f"--topics: invalid topic names {bad}")
    if args.mode not in MODES:
        raise JobArgumentError(f"--mode: must be one of {', '.join(MODES)}, got {args.mode!r}")
    for option in ("raw_database", "standardized_database", "curated_database"):
        value = getattr(args, option)
        if not DATABASE_PATTERN.match(value):
            raise JobArgumentError(f"--{option.replace('_', '-')}: invalid database name {value!r}")
    if not args.checkpoint_table.strip():
        raise JobArgumentError("--checkpoint-table: must not be empty")
    if not args.schemas_uri.strip():
        raise JobArgumentError("--schemas-uri: must not be empty")
    try:
        max_depth = int(args.max_depth)
    except ValueError:
        max_depth = 0
    if not 1 <= max_depth <= 32:
        raise JobArgumentError(f"--max-depth: must be an integer from 1 to 32, got {args.max_depth!r}")
    return JobConfig(
        topics=topics,
        mode=args.mode,
        raw_database=args.raw_database,
        standardized_database=args.standardized_database,
        curated_database=args.curated_database,
        checkpoint_table=args.checkpoint_table,
        schemas_uri=args.schemas_uri,
        summary_uri=args.summary_uri or None,
        warehouse=args.warehouse or None,
        max_depth=max_depth,
        run_id=args.run_id or str(uuid.uuid4()),
    )


@dataclass(frozen=True)
class MaintenanceArgs:
    """The maintain job's own arguments (Glue passes every value as a string)."""

    snapshot_min_age_hours: float
    orphan_min_age_hours: float
    compact_raw: bool
    shared_tables: bool
    interval_hours: float


def parse_maintenance_args(argv: list[str]) -> MaintenanceArgs:
    parser = _Parser(prog="lean-ops maintain job", add_help=False)
    parser.add_argument("--snapshot-min-age-hours", default="24")
    parser.add_argument("--orphan-min-age-hours", default="72")
    parser.add_argument("--compact-raw", default="false")
    parser.add_argument("--shared-tables", default="false")
    parser.add_argument("--maintenance-interval-hours", default="24")
    args, _unknown = parser.parse_known_args(argv)
    snapshot_hours = _hours("--snapshot-min-age-hours", args.snapshot_min_age_hours, minimum=0)
    orphan_hours = _hours("--orphan-min-age-hours", args.orphan_min_age_hours, minimum=24)
    return MaintenanceArgs(
        snapshot_min_age_hours=snapshot_hours,
        orphan_min_age_hours=orphan_hours,
        compact_raw=_flag("--compact-raw", args.compact_raw),
        shared_tables=_flag("--shared-tables", args.shared_tables),
        interval_hours=_hours("--maintenance-interval-hours", args.maintenance_interval_hours, minimum=1),
    )


def _hours(option: str, value: str, minimum: float) -> float:
    try:
        hours = float(value)
    except ValueError:
        hours = float("nan")
    if not hours >= minimum:  # also false for NaN
        raise JobArgumentError(f"{option}: must be a number of hours of at least {minimum:g}, got {value!r}")
    return hours


def _flag(option: str, value: str) -> bool:
    if value not in ("true", "false"):
        raise JobArgumentError(f"{option}: must be true or false, got {value!r}")
    return value == "true"


@dataclass(frozen=True)
class AuditArgs:
    """The audit job's own arguments: the span [start, end) of first sends, where the DLQ index
    and Firehose's error output are, where the audit document goes, examples per problem."""

    start: datetime
    end: datetime
    dlq_index_table: str
    archive_bucket: str
    result_uri: str
    examples: int


MAX_AUDIT_EXAMPLES = 100


def parse_audit_args(argv: list[str]) -> AuditArgs:
    parser = _Parser(prog="lean-ops audit job", add_help=False)
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    parser.add_argument("--dlq-index-table", required=True)
    parser.add_argument("--archive-bucket", required=True)
    parser.add_argument("--result-uri", required=True)
    parser.add_argument("--examples", default="10")
    args, _unknown = parser.parse_known_args(argv)
    start, end = _instant("--from", args.start), _instant("--to", args.end)
    if end <= start:
        raise JobArgumentError(f"--to: must be after --from ({args.start}), got {args.end!r}")
    for option, value in (("--dlq-index-table", args.dlq_index_table), ("--archive-bucket", args.archive_bucket), ("--result-uri", args.result_uri)):
        if not value.strip():
            raise JobArgumentError(f"{option}: must not be empty")
    if not args.examples.isdigit() or not 0 <= int(args.examples) <= MAX_AUDIT_EXAMPLES:
        raise JobArgumentError(f"--examples: must be an integer from 0 to {MAX_AUDIT_EXAMPLES}, got {args.examples!r}")
    return AuditArgs(start, end, args.dlq_index_table, args.archive_bucket, args.result_uri, int(args.examples))


def _instant(option: str, value: str) -> datetime:
    """An ISO-8601 instant with a zone (Z or an offset), as UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise JobArgumentError(f"{option}: must be an ISO-8601 time with a zone, e.g. 2026-11-20T08:00:00Z, got {value!r}")
    return parsed.astimezone(timezone.utc)
